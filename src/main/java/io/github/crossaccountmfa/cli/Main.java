package io.github.crossaccountmfa.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar cross-account-mfa-rule.jar <command>}. Exit status for every command: 0 = nothing
 * NON_COMPLIANT, 1 = something NON_COMPLIANT, 2 = usage, input or AWS error.
 */
@Command(name = "cross-account-mfa-rule",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Finds IAM roles that principals from other AWS accounts can assume without MFA.",
        subcommands = {
                CheckPolicyCommand.class,
                ScanCommand.class,
                CheckTemplateCommand.class,
                EvaluateCommand.class,
                RemediateCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int NON_COMPLIANT = 1;
    public static final int ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (for tests: no System.exit). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandName() + ": error: " + e.getMessage());
            return ERROR;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** {@code --version}: the version and the commit this build was made from. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return BuildInfo.current().lines();
        }
    }
}
