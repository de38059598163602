package io.github.crossaccountmfa.cli;

import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.aws.IamRoleSource;
import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.report.AccountScan;
import io.github.crossaccountmfa.report.HtmlReport;
import io.github.crossaccountmfa.report.JsonLines;
import io.github.crossaccountmfa.report.ProgressLine;
import io.github.crossaccountmfa.report.ScanException;
import io.github.crossaccountmfa.report.ScanResult;
import io.github.crossaccountmfa.report.ScannedRole;
import io.github.crossaccountmfa.report.TextTable;
import io.github.crossaccountmfa.rule.ParameterException;
import io.github.crossaccountmfa.rule.RoleEvaluator;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * {@code scan}: audits every role the current credentials can list (live {@code ListRoles}, no AWS Config), with
 * the verdicts the rule gives. The report is produced only when the whole account was scanned: on an AWS error
 * nothing is printed or written but the error (exit status 2).
 */
@Command(name = "scan",
        description = {
                "Audit every IAM role the current credentials can list (iam:ListRoles; iam:ListRoleTags when "
                        + "ExemptionTagKey is set) and print the verdicts the rule gives.",
                "Credentials and region: the SDK's default chains or --profile; endpoints: AWS_ENDPOINT_URL, "
                        + "AWS_ENDPOINT_URL_IAM."},
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = Main.ERROR,
        exitCodeOnExecutionException = Main.ERROR)
public final class ScanCommand implements Callable<Integer> {

    /** Output formats of scan. */
    enum Format { text, json, html }

    @Mixin
    ParametersOption parameters;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the report to FILE (only once the scan is complete) and a one-line summary to stderr.")
    Path output;

    @Option(names = "--profile", paramLabel = "NAME", description = "Named profile of the AWS config and credentials files.")
    String profile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Connector connector;
    private final BooleanSupplier stderrIsTerminal;

    public ScanCommand() {
        this(ScanCommand::connect, ScanCommand::stderrIsTerminal);
    }

    /** For tests: where roles come from, and whether stderr is a terminal. */
    ScanCommand(Connector connector, BooleanSupplier stderrIsTerminal) {
        this.connector = connector;
        this.stderrIsTerminal = stderrIsTerminal;
    }

    /** Opens the role source for a profile. */
    @FunctionalInterface
    interface Connector {
        Connection open(Optional<String> profile);
    }

    /** A role source and what to close after it. */
    interface Connection extends AutoCloseable {
        RoleSource roles();

        @Override
        void close();
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        RuleParameters ruleParameters;
        try {
            ruleParameters = parameters.parse();
        } catch (ParameterException | IllegalArgumentException e) {
            err.println("scan: error: " + e.getMessage());
            return Main.ERROR;
        }
        if (ruleParameters.executionRoleName().isPresent()) {
            err.println("scan: note: " + RuleParameters.EXECUTION_ROLE_NAME + " is ignored: scan uses the current "
                    + "credentials (use --profile for another account)");
        }
        Optional<String> problem = checkOutput();
        if (problem.isPresent()) {
            err.println("scan: error: " + problem.get());
            return Main.ERROR;
        }
        VerdictEngine engine = new VerdictEngine(ruleParameters);
        ScanResult result;
        try (Connection connection = connector.open(Optional.ofNullable(profile))) {
            AccountScan scan = new AccountScan(connection.roles(), new RoleEvaluator(engine));
            result = scan.run(parameters.json == null ? "" : parameters.json, new ProgressLine(err, stderrIsTerminal.getAsBoolean()));
        } catch (ScanException e) {
            err.println("scan: error: " + describe(e));
            return Main.ERROR;
        } catch (SdkException e) {
            err.println("scan: error: " + describeClientFailure(e) + "; no report was produced");
            return Main.ERROR;
        }
        String report = render(result, engine);
        if (output != null) {
            try {
                writeAtomically(output, report);
            } catch (IOException e) {
                err.println("scan: error: cannot write " + output + ": " + e.getMessage());
                return Main.ERROR;
            }
            err.println("scan: " + result.totalsLine() + "; report written to " + output);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(report);
            out.flush();
        }
        for (ScannedRole role : result.unreadable()) {
            err.println("scan: error: role " + role.role().name() + ": " + role.policyError().orElseThrow()
                    + " (reported NON_COMPLIANT, as the rule does)");
        }
        if (!result.unreadable().isEmpty()) {
            return Main.ERROR;
        }
        return result.anyNonCompliant() ? Main.NON_COMPLIANT : Main.OK;
    }

    private String render(ScanResult result, VerdictEngine engine) {
        if (format == Format.html) {
            return new HtmlReport(engine).render(result);
        }
        StringWriter buffer = new StringWriter();
        try (PrintWriter writer = new PrintWriter(buffer)) {
            if (format == Format.json) {
                JsonLines.print(writer, result);
            } else {
                TextTable.print(writer, result);
            }
        }
        return buffer.toString();
    }

    /** Fails before any AWS call when the report could not be written anyway. */
    private Optional<String> checkOutput() {
        if (output == null) {
            return Optional.empty();
        }
        if (Files.isDirectory(output)) {
            return Optional.of("--output " + output + " is a directory");
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return Optional.of("--output " + output + ": no such directory " + parent);
        }
        if (!Files.isWritable(parent)) {
            return Optional.of("--output " + output + ": directory " + parent + " is not writable");
        }
        return Optional.empty();
    }

    /**
     * The report appears under its name complete or not at all: written to a temporary file in the same
     * directory, then renamed over it.
     */
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    static void writeAtomically(Path target, String content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        // createFile (not createTempFile, which makes it 0600) so the report gets the umask's permissions.
        Path temporary = Files.createFile(directory.resolve("." + absolute.getFileName() + "."
                + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp"));
        try {
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                writer.write(content);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    // ---- AWS errors ---------------------------------------------------------------------------------------

    private static final Set<String> ACCESS_DENIED = Set.of("accessdenied", "accessdeniedexception",
            "unauthorizedoperation", "unauthorizedaccess");
    private static final Set<String> BAD_CREDENTIALS = Set.of("invalidclienttokenid", "signaturedoesnotmatch",
            "expiredtoken", "expiredtokenexception", "unrecognizedclientexception", "invalidaccesskeyid");

    String describe(ScanException e) {
        String operation = e.operation();
        String progress = e.listed() > 0
                ? " after " + e.listed() + (e.listed() == 1 ? " role was" : " roles were") + " listed"
                : "";
        String noReport = e.listed() > 0 ? "; no report was produced, because it would be incomplete"
                : "; no report was produced";
        if (e.getCause() instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null || aws.awsErrorDetails().errorCode() == null
                    ? "" : aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails() == null || aws.awsErrorDetails().errorMessage() == null
                    ? aws.getMessage() : aws.awsErrorDetails().errorMessage();
            String lower = code.toLowerCase(Locale.ROOT);
            if (ACCESS_DENIED.contains(lower) || (aws.statusCode() == 403 && !BAD_CREDENTIALS.contains(lower))) {
                return "access denied to " + operation + " (" + message + "); the scan needs iam:ListRoles and "
                        + "iam:ListRoleTags" + noReport;
            }
            if (aws.isThrottlingException()) {
                return "IAM throttled " + operation + progress + " and kept throttling after " + attempts(aws)
                        + " (" + code + ": " + message + ")" + noReport + "; try again later";
            }
            if (BAD_CREDENTIALS.contains(lower)) {
                return "the AWS credentials were rejected by " + operation + " (" + code + ": " + message + ")"
                        + noReport;
            }
            return operation + " failed" + progress + " (" + (code.isEmpty() ? "HTTP " + aws.statusCode() : code)
                    + ": " + message + ")" + noReport;
        }
        if (e.getCause() instanceof SdkException sdk) {
            if (isMissingCredentials(sdk)) {
                return describeClientFailure(sdk) + noReport;
            }
            return operation + " failed" + progress + ": " + describeClientFailure(sdk) + noReport;
        }
        return operation + " failed" + progress + ": " + e.getCause() + noReport;
    }

    private static boolean isMissingCredentials(SdkException e) {
        return e instanceof SdkClientException && e.getMessage() != null
                && e.getMessage().contains("Unable to load credentials");
    }

    private String describeClientFailure(SdkException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (isMissingCredentials(e)) {
            return "no AWS credentials found" + (profile == null ? " by the default chain" : " for profile " + profile)
                    + "; configure credentials (environment variables, ~/.aws/credentials or config, SSO, an instance "
                    + "or container role) or pass --profile";
        }
        if (e instanceof SdkClientException && message.contains("Unable to execute HTTP request")) {
            return "cannot reach IAM: " + message
                    + (e.numAttempts() != null && !message.contains("Attempt Count") ? " (" + attempts(e) + ")" : "");
        }
        return message;
    }

    private static String attempts(SdkException e) {
        Integer attempts = e.numAttempts();
        return attempts == null ? "the SDK's retries" : attempts + (attempts == 1 ? " attempt" : " attempts");
    }

    // ---- production wiring ----------------------------------------------------------------------------------

    private static Connection connect(Optional<String> profile) {
        AwsClients clients = AwsClients.fromEnvironment(profile);
        IamClient iam;
        try {
            iam = clients.iam();
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
        IamRoleSource source = new IamRoleSource(iam);
        return new Connection() {
            @Override
            public RoleSource roles() {
                return source;
            }

            @Override
            public void close() {
                iam.close();
                clients.close();
            }
        };
    }

    /**
     * Whether stderr is a terminal, for the progress line. On Linux, {@code /proc/self/fd/2} says so exactly; elsewhere
     * the JDK's console (which exists only when the process is attached to a terminal) stands in for it.
     */
    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.exists(fd, LinkOption.NOFOLLOW_LINKS)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // fall through
        }
        return System.console() != null;
    }
}
