package io.github.crossaccountmfa.cli;

import io.github.crossaccountmfa.aws.AwsScanConnection;
import io.github.crossaccountmfa.report.AccountOutcome;
import io.github.crossaccountmfa.report.AccountScan;
import io.github.crossaccountmfa.report.AwsCallException;
import io.github.crossaccountmfa.report.Notice;
import io.github.crossaccountmfa.report.OrganizationAudit;
import io.github.crossaccountmfa.report.ProgressBar;
import io.github.crossaccountmfa.report.ProgressLine;
import io.github.crossaccountmfa.report.RoleAccess;
import io.github.crossaccountmfa.report.SavedScan;
import io.github.crossaccountmfa.report.ScanConnection;
import io.github.crossaccountmfa.report.ScanException;
import io.github.crossaccountmfa.report.ScanMessages;
import io.github.crossaccountmfa.report.ScanResult;
import io.github.crossaccountmfa.report.ScannedRole;
import io.github.crossaccountmfa.report.ThirdParty;
import io.github.crossaccountmfa.report.ThirdPartyReport;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.KnownAccounts;
import io.github.crossaccountmfa.rule.ParameterException;
import io.github.crossaccountmfa.rule.RoleEvaluator;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import io.github.crossaccountmfa.aws.AwsConnectionSettings;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code third-parties}: the same audit as {@code scan}, grouped by who can get in: one entry per outside account
 * (or {@code *} for public trust) with the roles it can assume, those that get in without MFA first. Live, in
 * organization mode, or from a saved {@code scan --format json}; {@code --notices DIR} writes the notice to send
 * each outside account that gets in without MFA.
 */
@Command(name = "third-parties",
        description = {
                "List the outside AWS accounts that can assume your roles, and on which terms (MFA, sts:ExternalId), "
                        + "those that get in without MFA first; optionally write the notice to send each of them.",
                "Live like scan (iam:ListRoles; --organization for every account), or --input FILE: a saved "
                        + "scan --format json."},
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = Main.ERROR,
        exitCodeOnExecutionException = Main.ERROR,
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {Main.EXIT_OK, Main.EXIT_NON_COMPLIANT, Main.EXIT_ERROR})
public final class ThirdPartiesCommand implements Callable<Integer> {
    private static final String NAME = "third-parties";
    /** Larger than any saved scan of an organization's roles; a bigger file is not one. */
    private static final long MAX_INPUT_BYTES = 512L << 20;

    /** Output formats of third-parties. */
    enum Format { text, json, csv, markdown }

    @Mixin
    ParametersOption parameters;

    @Mixin
    OrganizationOptions organization;

    @Mixin
    KnownAccountsOption knownAccounts;

    @Option(names = "--input", paramLabel = "FILE",
            description = "Read a saved `scan --format json` instead of calling AWS.")
    Path input;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--notices", paramLabel = "DIR",
            description = "Write DIR/<account>.md, the notice to send, for every outside account that gets into a "
                    + "NON_COMPLIANT role without MFA.")
    Path notices;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions console;

    /** The connection settings of this run, from --profile and --region. */
    private AwsConnectionSettings settings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ScanCommand.Connector connector;
    private final BooleanSupplier stderrIsTerminal;

    public ThirdPartiesCommand() {
        this(AwsScanConnection::open, ScanCommand::stderrIsTerminal);
    }

    ThirdPartiesCommand(ScanCommand.Connector connector, BooleanSupplier stderrIsTerminal) {
        this.connector = connector;
        this.stderrIsTerminal = stderrIsTerminal;
    }

    /** What the audit found: the roles with who can get in, and what went wrong (each costs only itself). */
    private record Audit(List<RoleAccess> roles, List<String> errors) {
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        AuditSettings asked;
        try {
            asked = AuditSettings.read(console, aws, parameters, organization, knownAccounts);
            checkArguments(asked.organization().isPresent());
        } catch (ParameterException | IllegalArgumentException e) {
            err.println(NAME + ": error: " + e.getMessage());
            return Main.ERROR;
        }
        settings = asked.connection();
        RuleParameters ruleParameters = asked.parameters();
        Optional<OrganizationAudit.Options> audit = asked.organization();
        String executionRole = asked.executionRole();
        KnownAccounts known = asked.known();
        Optional<Audit> result = input != null ? Optional.of(read()) : live(ruleParameters, audit, executionRole,
                known, err);
        if (result.isEmpty()) {
            return Main.ERROR;
        }
        List<String> errors = new ArrayList<>(result.get().errors());
        List<RoleAccess> roles = result.get().roles().stream().map(r -> r.named(known)).toList();
        List<ThirdParty> parties = ThirdParty.group(roles);
        PrintWriter out = spec.commandLine().getOut();
        out.print(render(parties));
        out.flush();
        if (notices != null) {
            writeNotices(parties, err, errors);
        }
        errors.forEach(e -> err.println(NAME + ": error: " + e));
        if (!errors.isEmpty()) {
            return Main.ERROR;
        }
        return roles.stream().anyMatch(r -> r.compliance() == Compliance.NON_COMPLIANT) ? Main.NON_COMPLIANT : Main.OK;
    }

    private void checkArguments(boolean organizationMode) {
        if (input != null && (organizationMode || aws.profile != null || aws.region != null)) {
            throw new IllegalArgumentException("--input reads a saved scan: "
                    + (organizationMode ? "--organization" : aws.profile != null ? "--profile" : "--region") + " does not apply");
        }
        if (input != null && !Files.isRegularFile(input)) {
            throw new IllegalArgumentException("--input " + input + ": no such file");
        }
        if (notices != null && Files.exists(notices) && !Files.isDirectory(notices)) {
            throw new IllegalArgumentException("--notices " + notices + " is not a directory");
        }
    }

    private String render(List<ThirdParty> parties) {
        return switch (format) {
            case text -> ThirdPartyReport.text(parties);
            case json -> ThirdPartyReport.json(parties);
            case csv -> ThirdPartyReport.csv(parties);
            case markdown -> ThirdPartyReport.markdown(parties);
        };
    }

    private void writeNotices(List<ThirdParty> parties, PrintWriter err, List<String> errors) {
        int written = 0;
        try {
            Files.createDirectories(notices);
            for (ThirdParty party : parties) {
                if (party.needsNotice()) {
                    Files.writeString(notices.resolve(party.account() + ".md"), Notice.markdown(party),
                            StandardCharsets.UTF_8);
                    written++;
                }
            }
        } catch (IOException e) {
            errors.add("cannot write the notices to " + notices + ": " + e.getClass().getSimpleName());
            return;
        }
        console.note(err, NAME + ": " + written + (written == 1 ? " notice" : " notices") + " written to " + notices);
        if (parties.stream().anyMatch(p -> p.publicTrust() && p.withoutMfa() > 0)) {
            console.note(err, NAME + ": note: public trust (*) has nobody to notify: pin its callers with "
                    + "aws:PrincipalAccount or aws:PrincipalOrgID, or name the principals");
        }
    }

    // ---- the audit ------------------------------------------------------------------------------------------

    private Audit read() {
        try {
            if (Files.size(input) > MAX_INPUT_BYTES) {
                return new Audit(List.of(), List.of("--input " + input + ": larger than 512 MiB"));
            }
            SavedScan saved = SavedScan.parse(Files.readString(input, StandardCharsets.UTF_8), input.toString());
            return new Audit(saved.roles(), saved.errors());
        } catch (IOException e) {
            return new Audit(List.of(), List.of("--input " + input + ": cannot be read (expected UTF-8 text)"));
        }
    }

    private Optional<Audit> live(RuleParameters ruleParameters, Optional<OrganizationAudit.Options> audit,
                                 String executionRole, KnownAccounts known, PrintWriter err) {
        try (ScanConnection connection = connector.open(settings)) {
            return audit.isPresent()
                    ? organization(connection, audit.get(), ruleParameters, executionRole, known, err)
                    : account(connection, ruleParameters, known, err);
        } catch (AwsCallException e) {
            err.println(NAME + ": error: " + ScanMessages.setupFailure(e, settings.profile()));
            return Optional.empty();
        }
    }

    private Optional<Audit> account(ScanConnection connection, RuleParameters ruleParameters, KnownAccounts known,
                                    PrintWriter err) {
        ScanResult result;
        try {
            AccountScan scan = new AccountScan(connection.roles(),
                    new RoleEvaluator(new VerdictEngine(ruleParameters, Clock.systemUTC(), known)));
            result = scan.run(parameters.text(), new ProgressLine(err, console.progress(stderrIsTerminal.getAsBoolean())));
        } catch (ScanException e) {
            err.println(NAME + ": error: " + ScanMessages.scanFailure(e,
                    ScanMessages.Context.wholeScan(settings.profile())));
            return Optional.empty();
        }
        return Optional.of(new Audit(result.roles().stream().map(RoleAccess::of).toList(), unreadable(result, "")));
    }

    private static List<String> unreadable(ScanResult result, String prefix) {
        List<String> errors = new ArrayList<>();
        for (ScannedRole role : result.unreadable()) {
            errors.add(prefix + "role " + role.role().name() + ": " + role.policyError().orElseThrow()
                    + " (reported NON_COMPLIANT, as the rule does)");
        }
        return errors;
    }

    private Optional<Audit> organization(ScanConnection connection, OrganizationAudit.Options options,
                                         RuleParameters ruleParameters, String executionRole, KnownAccounts known,
                                         PrintWriter err) {
        OrganizationAudit audit = new OrganizationAudit(connection.organization(executionRole), options,
                Clock.systemUTC(), known);
        OrganizationAudit.Plan plan;
        try {
            plan = audit.plan(ruleParameters, parameters.text());
        } catch (AwsCallException e) {
            err.println(NAME + ": error: " + ScanMessages.setupFailure(e, settings.profile()));
            return Optional.empty();
        }
        List<RoleAccess> roles = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        ProgressBar progress = new ProgressBar(err, console.progress(stderrIsTerminal.getAsBoolean()));
        try {
            // only who-can-get-in is kept of each account, not its roles' policies or findings
            audit.run(plan, outcome -> {
                synchronized (roles) {
                    switch (outcome) {
                        case AccountOutcome.Audited audited -> {
                            audited.result().roles().forEach(r -> roles.add(RoleAccess.of(r)));
                            errors.addAll(unreadable(audited.result(), "account " + audited.account().label() + ": "));
                        }
                        case AccountOutcome.Unreachable unreachable -> errors.add("account "
                                + unreachable.account().label() + ": " + unreachable.reason());
                    }
                }
            }, progress);
        } catch (IOException e) {
            err.println(NAME + ": error: the audit could not be completed: " + e.getClass().getSimpleName());
            return Optional.empty();
        }
        return Optional.of(new Audit(roles, errors));
    }
}
