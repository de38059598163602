package io.github.crossaccountmfa.cli;

import io.github.crossaccountmfa.aws.AwsFailures;
import io.github.crossaccountmfa.invocation.RuleException;
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
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {Main.EXIT_OK, Main.EXIT_NON_COMPLIANT, Main.EXIT_ERROR},
        subcommands = {
                CheckPolicyCommand.class,
                ScanCommand.class,
                CheckTemplateCommand.class,
                EvaluateCommand.class,
                RemediateCommand.class,
                CompletionCommand.class,
                ThirdPartiesCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int NON_COMPLIANT = 1;
    public static final int ERROR = 2;

    /** The exit statuses in every command's help (remediate words 0 and 1 its own way). */
    static final String EXIT_HEADING = "%nExit status:%n";
    static final String EXIT_OK = "0:nothing NON_COMPLIANT";
    static final String EXIT_NON_COMPLIANT = "1:something NON_COMPLIANT";
    static final String EXIT_ERROR = "2:usage, input or AWS error, or an internal error (the other inputs are still "
            + "evaluated and printed)";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (for tests: no System.exit). */
    public static int run(String... args) {
        return execute(commandLine(), args);
    }

    /**
     * Runs {@code cli}. Whatever goes wrong inside (an unexpected exception, running out of memory, a stack
     * overflow) ends the command with one line on stderr and status 2: never 0 or 1, never a stack trace.
     */
    static int execute(CommandLine cli, String... args) {
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // The work that exhausted the heap has unwound, so there is room again to say so.
            cli.getErr().println(commandName(cli, args) + ": error: out of memory; give Java more heap (e.g. "
                    + "java -Xmx4g -jar cross-account-mfa-rule.jar …) or check fewer or smaller inputs at a time");
        } catch (Throwable e) {
            cli.getErr().println(commandName(cli, args) + ": error: " + internal(e));
        }
        cli.getErr().flush();
        return ERROR;
    }

    /** The subcommand that ran, for the message (the tool's name when none did). */
    private static String commandName(CommandLine cli, String... args) {
        return args.length > 0 && cli.getSubcommands().containsKey(args[0]) ? args[0] : cli.getCommandName();
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // --format SARIF, --color NEVER: enum values in any case, as users type them
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandName() + ": error: "
                    + AwsFailures.describe(e).map(RuleException::oneLine).orElseGet(() -> internal(e)));
            return ERROR;
        });
        return cli;
    }

    /** One line for a failure that is a bug: its type and where it happened, for a report; no stack trace. */
    static String internal(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        String where = trace.length == 0 ? "" : " at " + trace[0].getFileName() + ":" + trace[0].getLineNumber();
        return "internal error (" + e.getClass().getSimpleName() + where + "); this is a bug, please report it "
                + "with the command line that caused it";
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
