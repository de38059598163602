package io.github.crossaccountmfa.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.aws.AwsRemediation;
import io.github.crossaccountmfa.remediation.RemediationException;
import io.github.crossaccountmfa.remediation.RemediationJson;
import io.github.crossaccountmfa.remediation.RemediationReport;
import io.github.crossaccountmfa.remediation.RoleRemediation;
import io.github.crossaccountmfa.remediation.RoleSelector;
import io.github.crossaccountmfa.report.EvaluationJson;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.ParameterException;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code remediate}: prints a role's trust policy with MFA required of the offending third parties (the same
 * rewrite as the remediation Lambda); {@code --apply} writes it with {@code UpdateAssumeRolePolicy}. The policy
 * goes to stdout (so it can be saved), the verdicts and changes to stderr. Exit status: 0 = nothing to do or
 * applied, 1 = a change is proposed (dry run), 2 = usage, input or AWS error.
 */
@Command(name = "remediate",
        description = {"Print a role's trust policy with MFA required of the third parties that can assume it "
                + "without MFA; --apply writes it with UpdateAssumeRolePolicy.",
                "Exit status: 0 = nothing to change (or applied), 1 = change proposed (dry run), 2 = error."},
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = Main.ERROR,
        exitCodeOnExecutionException = Main.ERROR)
public final class RemediateCommand implements Callable<Integer> {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Plain text (policy on stdout, summary on stderr) or one JSON object. */
    enum Format { text, json }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Role role;

    /** --role-name and --role-id are alternatives; one is required. */
    static final class Role {
        @Option(names = "--role-name", paramLabel = "NAME", description = "The role's name.")
        String name;

        @Option(names = "--role-id", paramLabel = "ID", description = "The role's id (AROA…), as AWS Config shows it.")
        String id;

        RoleSelector selector() {
            return name != null ? new RoleSelector.ByName(name) : new RoleSelector.ById(id);
        }
    }

    @Option(names = "--apply", description = "Write the new trust policy (default: dry run, print it only).")
    boolean apply;

    @Mixin
    ParametersOption parameters;

    @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile (default: the default credential chain).")
    String profile;

    @Option(names = "--notify-topic", paramLabel = "ARN",
            description = "SNS topic to tell when a change is applied (e.g. one the affected partners follow).")
    String notifyTopic;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            VerdictEngine engine = new VerdictEngine(parameters.parse());
            RemediationReport report = remediation(engine).run(role.selector(), apply);
            print(out, err, report);
            return report.changed() && !report.applied() ? Main.NON_COMPLIANT : Main.OK;
        } catch (ParameterException | RemediationException | IllegalArgumentException e) {
            err.println("remediate: error: " + e.getMessage());
            return Main.ERROR;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private RoleRemediation remediation(VerdictEngine engine) {
        AwsClients clients = AwsClients.fromEnvironment(Optional.ofNullable(profile));
        return AwsRemediation.using(clients, Optional.ofNullable(notifyTopic)).with(engine);
    }

    private void print(PrintWriter out, PrintWriter err, RemediationReport report) {
        if (format == Format.json) {
            out.println(EvaluationJson.line(RemediationJson.toJson(report)));
            return;
        }
        out.println(pretty(report.proposedPolicy().orElse(report.currentPolicy())));
        err.println("role " + report.roleName() + " (" + report.roleId() + "): " + verdict(report.before()));
        report.warnings().forEach(warning -> err.println("warning: " + warning));
        if (!report.changed()) {
            err.println("nothing to change");
            return;
        }
        err.println("changes:");
        report.changes().forEach(change -> err.println("  - " + change));
        err.println("after: " + verdict(report.after()));
        if (report.applied()) {
            err.println("applied with UpdateAssumeRolePolicy"
                    + report.notification().map(id -> "; notice published (message " + id + ")").orElse(""));
        } else {
            err.println("dry run: nothing was written; run again with --apply to update the role");
        }
    }

    private static String verdict(Evaluation evaluation) {
        return evaluation.compliance() + " - " + evaluation.annotation();
    }

    private static String pretty(String json) {
        try {
            return PRETTY.writeValueAsString(PRETTY.readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
