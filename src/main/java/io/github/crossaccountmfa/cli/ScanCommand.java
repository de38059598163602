package io.github.crossaccountmfa.cli;

import io.github.crossaccountmfa.aws.AwsConnectionSettings;
import io.github.crossaccountmfa.aws.AwsScanConnection;
import io.github.crossaccountmfa.report.AccountScan;
import io.github.crossaccountmfa.report.AccountSummary;
import io.github.crossaccountmfa.report.AwsCallException;
import io.github.crossaccountmfa.report.HtmlReport;
import io.github.crossaccountmfa.report.JsonLines;
import io.github.crossaccountmfa.report.Organization;
import io.github.crossaccountmfa.report.OrganizationAudit;
import io.github.crossaccountmfa.report.OrganizationTotals;
import io.github.crossaccountmfa.report.ProgressBar;
import io.github.crossaccountmfa.report.ProgressLine;
import io.github.crossaccountmfa.report.ScanConnection;
import io.github.crossaccountmfa.report.ScanException;
import io.github.crossaccountmfa.report.ScanMessages;
import io.github.crossaccountmfa.report.ScanReport;
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
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scan}: audits every role the current credentials can list (live {@code ListRoles}, no AWS Config), with
 * the verdicts the rule gives; with {@code --organization}, every account of the AWS Organization through its
 * execution role. One account's report is produced only when the whole account was scanned: on an AWS error
 * nothing is printed or written but the error (exit status 2). In organization mode the report is streamed as
 * accounts complete, and an account that cannot be audited is an error entry (exit status 2, the others go on).
 */
@Command(name = "scan",
        description = {
                "Audit every IAM role the current credentials can list (iam:ListRoles; iam:ListRoleTags when "
                        + "ExemptionTagKey is set) and print the verdicts the rule gives; with --organization, every "
                        + "account of the AWS Organization.",
                "Credentials and region: the SDK's default chains or --profile; endpoints: AWS_ENDPOINT_URL, "
                        + "AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_ORGANIZATIONS."},
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = Main.ERROR,
        exitCodeOnExecutionException = Main.ERROR,
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {Main.EXIT_OK, Main.EXIT_NON_COMPLIANT, Main.EXIT_ERROR})
public final class ScanCommand implements Callable<Integer> {

    /** Output formats of scan. */
    enum Format { text, json, html, csv }

    @Mixin
    ParametersOption parameters;

    @Mixin
    OrganizationOptions organization;

    @Mixin
    KnownAccountsOption knownAccounts;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the report to FILE (only once the scan is complete) and a one-line summary to stderr.")
    Path output;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions console;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Connector connector;
    private final BooleanSupplier stderrIsTerminal;
    /** The bundled names merged with --known-accounts, once the options are read. */
    private io.github.crossaccountmfa.rule.KnownAccounts known = io.github.crossaccountmfa.rule.KnownAccounts.bundled();

    public ScanCommand() {
        this(AwsScanConnection::open, ScanCommand::stderrIsTerminal);
    }

    /** For tests: what the credentials reach, and whether stderr is a terminal. */
    ScanCommand(Connector connector, BooleanSupplier stderrIsTerminal) {
        this.connector = connector;
        this.stderrIsTerminal = stderrIsTerminal;
    }

    /** Opens what a profile's credentials reach. */
    @FunctionalInterface
    interface Connector {
        /** @throws AwsCallException when the SDK cannot be set up */
        ScanConnection open(AwsConnectionSettings settings);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        AuditSettings asked;
        try {
            asked = AuditSettings.read(console, aws, parameters, organization, knownAccounts);
        } catch (ParameterException | IllegalArgumentException e) {
            err.println("scan: error: " + e.getMessage());
            return Main.ERROR;
        }
        known = asked.known();
        AwsConnectionSettings settings = asked.connection();
        RuleParameters ruleParameters = asked.parameters();
        Optional<OrganizationAudit.Options> audit = asked.organization();
        String executionRole = asked.executionRole();
        if (ruleParameters.executionRoleName().isPresent() && audit.isEmpty()) {
            console.note(err, "scan: note: " + RuleParameters.EXECUTION_ROLE_NAME + " is ignored without --organization: "
                    + "scan uses the current credentials (use --profile for another account)");
        }
        Optional<String> problem = checkOutput();
        if (problem.isPresent()) {
            err.println("scan: error: " + problem.get());
            return Main.ERROR;
        }
        Optional<String> profile = settings.profile();
        if (console.verbose) {
            console.detail(err, "scan: " + settings.describe());
        }
        try (ScanConnection connection = connector.open(settings)) {
            return audit.isPresent()
                    ? scanOrganization(connection.organization(executionRole), audit.get(), ruleParameters, err)
                    : scanAccount(connection, ruleParameters, err);
        } catch (AwsCallException e) {
            err.println("scan: error: " + ScanMessages.setupFailure(e, profile));
            return Main.ERROR;
        } catch (IllegalArgumentException e) {
            err.println("scan: error: " + e.getMessage());
            return Main.ERROR;
        }
    }

    // ---- one account ------------------------------------------------------------------------------------------

    private int scanAccount(ScanConnection connection, RuleParameters ruleParameters, PrintWriter err) {
        VerdictEngine engine = new VerdictEngine(ruleParameters, Clock.systemUTC(), known);
        ScanResult result;
        try {
            AccountScan scan = new AccountScan(connection.roles(), new RoleEvaluator(engine));
            result = scan.run(parameters.text(), new ProgressLine(err, console.progress(stderrIsTerminal.getAsBoolean())));
        } catch (ScanException e) {
            err.println("scan: error: " + ScanMessages.scanFailure(e,
                    ScanMessages.Context.wholeScan(aws.settings().profile())));
            return Main.ERROR;
        }
        String report = render(result, engine);
        if (output != null) {
            try {
                ReportFile.write(output, report);
            } catch (IOException e) {
                err.println("scan: error: cannot write " + output + ": " + e.getMessage());
                return Main.ERROR;
            }
            console.note(err, "scan: " + result.totalsLine() + "; report written to " + output);
        } else {
            PrintWriter out = format == Format.text ? console.text(spec.commandLine().getOut())
                    : spec.commandLine().getOut();
            out.print(report);
            out.flush();
            if (format != Format.text) {
                console.detail(err, "scan: " + result.totalsLine());
            }
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
        if (format == Format.csv) {
            return io.github.crossaccountmfa.report.ScanCsv.render(result);
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

    // ---- an organization ----------------------------------------------------------------------------------------

    private int scanOrganization(Organization organization, OrganizationAudit.Options options,
                                 RuleParameters ruleParameters, PrintWriter err) {
        OrganizationAudit audit = new OrganizationAudit(organization, options, Clock.systemUTC(), known);
        OrganizationAudit.Plan plan;
        try {
            plan = audit.plan(ruleParameters, parameters.text());
        } catch (AwsCallException e) {
            err.println("scan: error: " + ScanMessages.setupFailure(e, aws.settings().profile()));
            return Main.ERROR;
        }
        if (!plan.notActive().isEmpty()) {
            console.note(err, "scan: note: not audited because not ACTIVE: " + plan.notActive().stream()
                    .map(a -> a.label() + " " + a.status()).collect(Collectors.joining(", ")));
        }
        ProgressBar progress = new ProgressBar(err, console.progress(stderrIsTerminal.getAsBoolean()));
        OrganizationTotals totals;
        try (ReportFile file = output == null ? null : ReportFile.open(output)) {
            Writer out = file != null ? file.writer()
                    : format == Format.text ? console.text(spec.commandLine().getOut()) : spec.commandLine().getOut();
            try (ScanReport report = report(out, plan)) {
                totals = audit.run(plan, file != null ? report : outcome -> {
                    // the report goes where the progress line may be: keep them apart
                    progress.pause();
                    try {
                        report.accept(outcome);
                    } finally {
                        progress.resume();
                    }
                }, progress);
                report.finish(totals);
            }
            if (file != null) {
                file.commit();
            }
        } catch (IOException | UncheckedIOException e) {
            err.println("scan: error: cannot write the report" + (output == null ? "" : " to " + output) + ": "
                    + e.getMessage());
            return Main.ERROR;
        }
        if (output != null) {
            console.note(err, "scan: " + totals.totalsLine() + "; report written to " + output);
        }
        for (AccountSummary account : totals.accounts()) {
            account.error().ifPresent(error -> err.println("scan: error: account " + account.account().label()
                    + ": " + error));
            account.unreadable().forEach(role -> err.println("scan: error: account " + account.account().label()
                    + ": " + role + " (reported NON_COMPLIANT, as the rule does)"));
        }
        if (totals.anyError()) {
            return Main.ERROR;
        }
        return totals.anyNonCompliant() ? Main.NON_COMPLIANT : Main.OK;
    }

    private ScanReport report(Writer out, OrganizationAudit.Plan plan) throws IOException {
        String id = plan.organization().id();
        return switch (format) {
            case json -> JsonLines.report(out);
            case csv -> io.github.crossaccountmfa.report.ScanCsv.report(out);
            case text -> TextTable.report(out, id);
            case html -> new HtmlReport(new VerdictEngine(plan.parameters(), Clock.systemUTC(), known)).organization(out, id, shownParameters(plan));
        };
    }

    /** The parameters as given, and what --trust-organization added to them. */
    private String shownParameters(OrganizationAudit.Plan plan) {
        if (!organization.trustOrganization) {
            return parameters.text();
        }
        String trusted = "--trust-organization (" + plan.organization().accounts().size() + " accounts and "
                + plan.organization().id() + " trusted)";
        return parameters.text().isBlank() ? trusted : parameters.text() + " " + trusted;
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

    /** Whether stderr is a terminal, for the progress line. */
    static boolean stderrIsTerminal() {
        return Terminal.isTerminal(2);
    }
}
