package io.github.crossaccountmfa.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.aws.AwsConnectionSettings;
import io.github.crossaccountmfa.aws.AwsRemediation;
import io.github.crossaccountmfa.remediation.RemediationException;
import io.github.crossaccountmfa.remediation.RemediationJson;
import io.github.crossaccountmfa.remediation.RemediationReport;
import io.github.crossaccountmfa.remediation.RoleRemediation;
import io.github.crossaccountmfa.remediation.RoleSelector;
import io.github.crossaccountmfa.report.EvaluationJson;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.ParameterException;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code remediate}: prints roles' trust policies with MFA required of the offending third parties (the same
 * rewrite as the remediation Lambda); {@code --apply} writes them with {@code UpdateAssumeRolePolicy}. Roles are
 * named with {@code --role-name} / {@code --role-id} (each repeatable) or {@code --all} (every NON_COMPLIANT role).
 * Each role is one result: its policy on stdout (one JSON object per role with {@code --format json}), the verdicts
 * and changes on stderr; one role's failure costs only that role. Exit status, the worst over the roles: 0 = nothing
 * to change or every change applied, 1 = a change proposed (dry run), 2 = usage, input or AWS error.
 */
@Command(name = "remediate",
        description = {"Print roles' trust policies with MFA required of the third parties that can assume them "
                + "without MFA; --apply writes them with UpdateAssumeRolePolicy (default: dry run)."},
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = Main.ERROR,
        exitCodeOnExecutionException = Main.ERROR,
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:nothing to change, or every change applied",
                "1:a change proposed for some role (dry run)",
                "2:usage, input or AWS error (for some role: the others are still remediated)"})
public final class RemediateCommand implements Callable<Integer> {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Plain text (policy on stdout, summary on stderr) or one JSON object per role. */
    enum Format { text, json }

    @Option(names = "--role-name", paramLabel = "NAME", description = "A role's name (repeatable).")
    List<String> names = new ArrayList<>();

    @Option(names = "--role-id", paramLabel = "ID",
            description = "A role's id (AROA…), as AWS Config shows it (repeatable).")
    List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Every role of the account that is NON_COMPLIANT (iam:ListRoles).")
    boolean all;

    @Option(names = "--apply", description = "Write the new trust policies (default: dry run, print them only).")
    boolean apply;

    @Mixin
    ParametersOption parameters;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions console;

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
            console.check();
            List<RoleSelector> named = selectors();
            VerdictEngine engine = new VerdictEngine(parameters.parse());
            AwsConnectionSettings settings = aws.settings();
            if (console.verbose) {
                console.detail(err, "remediate: " + settings.describe());
            }
            RoleRemediation remediation = AwsRemediation.using(settings.clients(), Optional.ofNullable(notifyTopic))
                    .with(engine);
            List<RoleSelector> selected = all ? remediation.nonCompliantRoles() : named;
            if (all) {
                console.note(err, "remediate: " + selected.size() + " NON_COMPLIANT "
                        + (selected.size() == 1 ? "role" : "roles") + (selected.isEmpty() ? "; nothing to do" : ""));
            }
            int status = Main.OK;
            for (RoleSelector role : selected) {
                status = Math.max(status, remediate(remediation, role, out, err));
            }
            return status;
        } catch (ParameterException | RemediationException | IllegalArgumentException e) {
            err.println("remediate: error: " + e.getMessage());
            return Main.ERROR;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The roles named on the command line, in order, each once. */
    private List<RoleSelector> selectors() {
        if (all && !(names.isEmpty() && ids.isEmpty())) {
            throw new IllegalArgumentException("--all and --role-name / --role-id exclude each other");
        }
        if (!all && names.isEmpty() && ids.isEmpty()) {
            throw new IllegalArgumentException("name the roles with --role-name or --role-id, or give --all");
        }
        Set<RoleSelector> selectors = new LinkedHashSet<>();
        names.forEach(name -> selectors.add(new RoleSelector.ByName(name)));
        ids.forEach(id -> selectors.add(new RoleSelector.ById(id)));
        return List.copyOf(selectors);
    }

    /** One role: its result printed, its status returned; its failure is its own. */
    private int remediate(RoleRemediation remediation, RoleSelector role, PrintWriter out, PrintWriter err) {
        try {
            RemediationReport report = remediation.run(role, apply);
            print(out, err, report);
            boolean stillNonCompliant = report.changed() ? !report.applied()
                    : report.after().compliance() == Compliance.NON_COMPLIANT;
            return stillNonCompliant ? Main.NON_COMPLIANT : Main.OK;
        } catch (RemediationException | IllegalArgumentException e) {
            err.println("remediate: error: " + e.getMessage());
            if (format == Format.json) {
                ObjectNode node = EvaluationJson.MAPPER.createObjectNode();
                switch (role) {
                    case RoleSelector.ByName byName -> node.put("roleName", byName.roleName());
                    case RoleSelector.ById byId -> node.put("roleId", byId.roleId());
                }
                node.put("error", e.getMessage());
                out.println(EvaluationJson.line(node));
            }
            return Main.ERROR;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private void print(PrintWriter out, PrintWriter err, RemediationReport report) {
        if (format == Format.json) {
            out.println(EvaluationJson.line(RemediationJson.toJson(report)));
            return;
        }
        out.println(pretty(report.proposedPolicy().orElse(report.currentPolicy())));
        PrintWriter details = console.quiet ? new PrintWriter(Writer.nullWriter()) : err;
        details.println("role " + report.roleName() + " (" + report.roleId() + "): " + verdict(report.before()));
        // A public role stays public with MFA: said even under --quiet.
        report.warnings().forEach(warning -> err.println("warning: " + warning));
        if (!report.changed()) {
            details.println("nothing to change");
            return;
        }
        details.println("changes:");
        report.changes().forEach(change -> details.println("  - " + change));
        details.println("after: " + verdict(report.after()));
        if (report.applied()) {
            details.println("applied with UpdateAssumeRolePolicy"
                    + report.notification().map(id -> "; notice published (message " + id + ")").orElse(""));
        } else {
            details.println("dry run: nothing was written; run again with --apply to update the role");
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
