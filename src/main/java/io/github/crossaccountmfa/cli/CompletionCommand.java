package io.github.crossaccountmfa.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code completion}: prints the shell completion script that picocli generates from the command line itself
 * (every command, option and enum value), for bash and, through bashcompinit, zsh. The script completes the
 * command {@code cross-account-mfa-rule}: an alias or wrapper of {@code java -jar …/cross-account-mfa-rule.jar}.
 */
@Command(name = "completion",
        description = {"Print the bash/zsh completion script for the command cross-account-mfa-rule.",
                "bash: source <(cross-account-mfa-rule completion)   zsh: the same line in ~/.zshrc (the script "
                        + "loads bashcompinit). Define the command first, e.g. alias cross-account-mfa-rule='java "
                        + "-jar /path/to/cross-account-mfa-rule.jar'."},
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = Main.ERROR,
        exitCodeOnExecutionException = Main.ERROR,
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:the script was printed", "2:usage error"})
public final class CompletionCommand implements Callable<Integer> {
    @CommandLine.Mixin
    OutputOptions console;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash(root.getCommandName(), root));
        out.flush();
        return Main.OK;
    }
}
