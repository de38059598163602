package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.rule.Compliance;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The results of {@code check-template} as SARIF 2.1.0, in the shape GitHub code scanning accepts: one result per
 * role that is NON_COMPLIANT or could not be evaluated, located at the line of its resource. Compliant and
 * not-applicable roles are not results. Files that could not be read become tool execution notifications.
 */
public final class SarifReport {
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    public static final String VERSION = "2.1.0";
    public static final String TOOL_NAME = "cross-account-mfa-rule";
    public static final String INFORMATION_URI = "https://github.com/crossaccountmfa/cross-account-mfa-rule";
    /** Key of the fingerprint that follows a role across commits even when its line moves. */
    public static final String FINGERPRINT = "resourceHash/v1";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String POLICY_GRAMMAR =
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html";
    private static final String OPEN_VALUES = INFORMATION_URI + "/blob/main/docs/check-template.md#values-known-only-at-deployment";
    private static final String MFA_PROTECTED_API_ACCESS =
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html";

    private SarifReport() {
    }

    /** The rules results refer to; {@code ruleIndex} is the position in this list. */
    public enum Rule {
        NO_MFA("CAMR001", "cross-account-assume-role-without-mfa", "error", Optional.of("8.1"),
                List.of("security", "iam", "mfa", "external/cwe/cwe-308"),
                "IAM role that another AWS account can assume without MFA",
                "The role's trust policy lets principals from AWS accounts other than the role's own (and the trusted "
                        + "accounts and organizations) call sts:AssumeRole without multi-factor authentication. "
                        + "Access keys leaked from the other account are then enough to act as this role.",
                """
                        Require MFA in every statement that lets another account assume the role:

                          "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}

                        CloudFormation YAML:

                          Condition:
                            Bool:
                              aws:MultiFactorAuthPresent: "true"

                        Terraform (aws_iam_policy_document):

                          condition {
                            test     = "Bool"
                            variable = "aws:MultiFactorAuthPresent"
                            values   = ["true"]
                          }

                        BoolIfExists does not enforce MFA: requests signed with long-term access keys carry no \
                        aws:MultiFactorAuthPresent key and pass. For a third-party SaaS integration that cannot use \
                        MFA, require an exact sts:ExternalId and set the rule parameter AcceptExternalId=true, or \
                        exempt the role with the rule's exemption tag.
                        """,
                """
                        Require MFA in every statement that lets another account assume the role:

                        ```json
                        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
                        ```

                        CloudFormation YAML:

                        ```yaml
                        Condition:
                          Bool:
                            aws:MultiFactorAuthPresent: "true"
                        ```

                        Terraform (`aws_iam_policy_document`):

                        ```hcl
                        condition {
                          test     = "Bool"
                          variable = "aws:MultiFactorAuthPresent"
                          values   = ["true"]
                        }
                        ```

                        `BoolIfExists` does **not** enforce MFA: requests signed with long-term access keys carry no \
                        `aws:MultiFactorAuthPresent` key and pass. For a third-party SaaS integration that cannot use \
                        MFA, require an exact `sts:ExternalId` and set the rule parameter `AcceptExternalId=true`, or \
                        exempt the role with the rule's exemption tag (`ExemptionTagKey`).
                        """),
        UNRESOLVED("CAMR002", "unresolved-trust-policy", "warning", Optional.empty(), List.of("iam", "mfa"),
                "Trust policy that has no verdict before deployment",
                "No verdict is possible before deployment: the whole trust policy, a statement or a condition block "
                        + "is known only then (an export, another resource's attribute, a Terraform value known only "
                        + "after apply), or the values the template leaves open have too many combinations. A single "
                        + "open value (a parameter without Default, an SSM parameter, an import in a principal or a "
                        + "condition) does not cause this: it gets the worst-case verdict.",
                """
                        Make the value visible to the check: pass it with --parameter-overrides or --parameters-file, \
                        write the statement in the template instead of importing it, or check the Terraform plan \
                        after the value is known. A role that has been reviewed can carry the rule's exemption tag \
                        (ExemptionTagKey); it is then reported NOT_APPLICABLE.
                        """,
                """
                        Make the value visible to the check: pass it with `--parameter-overrides` or \
                        `--parameters-file`, write the statement in the template instead of importing it, or check \
                        the Terraform plan after the value is known. A role that has been reviewed can carry the \
                        rule's exemption tag (`ExemptionTagKey`); it is then reported `NOT_APPLICABLE`.
                        """),
        INVALID("CAMR003", "invalid-trust-policy", "error", Optional.empty(), List.of("iam", "correctness"),
                "Trust policy that is missing or that IAM would not accept",
                "The role's trust policy is missing or is not a policy IAM accepts (an unknown element, a malformed "
                        + "principal or action, …), so it was not evaluated. The AWS Config rule reports such a role "
                        + "NON_COMPLIANT: it fails closed.",
                "Fix the element the message names. The grammar of IAM policies: " + POLICY_GRAMMAR,
                "Fix the element the message names. See the [grammar of IAM policies](" + POLICY_GRAMMAR + ").");

        private final String id;
        private final String ruleName;
        private final String level;
        private final Optional<String> securitySeverity;
        private final List<String> tags;
        private final String shortDescription;
        private final String fullDescription;
        private final String helpText;
        private final String helpMarkdown;

        Rule(String id, String ruleName, String level, Optional<String> securitySeverity, List<String> tags,
             String shortDescription, String fullDescription, String helpText, String helpMarkdown) {
            this.id = id;
            this.ruleName = ruleName;
            this.level = level;
            this.securitySeverity = securitySeverity;
            this.tags = tags;
            this.shortDescription = shortDescription;
            this.fullDescription = fullDescription;
            this.helpText = helpText;
            this.helpMarkdown = helpMarkdown;
        }

        public String id() {
            return id;
        }

        public String level() {
            return level;
        }

        ObjectNode toJson() {
            ObjectNode rule = NODES.objectNode();
            rule.put("id", id);
            rule.put("name", ruleName);
            rule.putObject("shortDescription").put("text", shortDescription);
            rule.putObject("fullDescription").put("text", fullDescription);
            ObjectNode help = rule.putObject("help");
            help.put("text", helpText.strip());
            help.put("markdown", helpMarkdown.strip());
            rule.put("helpUri", switch (this) {
                case NO_MFA -> MFA_PROTECTED_API_ACCESS;
                case UNRESOLVED -> OPEN_VALUES;
                case INVALID -> POLICY_GRAMMAR;
            });
            rule.putObject("defaultConfiguration").put("level", level);
            ObjectNode properties = rule.putObject("properties");
            tags.forEach(properties.putArray("tags")::add);
            properties.put("precision", "very-high");
            securitySeverity.ifPresent(s -> properties.put("security-severity", s));
            return rule;
        }
    }

    /**
     * The SARIF log for {@code reports}.
     *
     * @param notices       what was skipped or not followed: notifications of level {@code note}
     * @param toolVersion   this tool's version
     * @param baseDirectory artifact URIs are relative to it (the working directory, normally the repository root)
     */
    public static ObjectNode of(List<FileReport> reports, List<Notice> notices, String toolVersion,
                                Path baseDirectory) {
        ObjectNode log = NODES.objectNode();
        log.put("$schema", SCHEMA);
        log.put("version", VERSION);
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", TOOL_NAME);
        driver.put("informationUri", INFORMATION_URI);
        driver.put("version", toolVersion);
        driver.put("semanticVersion", toolVersion);
        ArrayNode rules = driver.putArray("rules");
        for (Rule rule : Rule.values()) {
            rules.add(rule.toJson());
        }
        ArrayNode notifications = NODES.arrayNode();
        ArrayNode results = NODES.arrayNode();
        for (FileReport report : reports) {
            String uri = uri(report.file(), baseDirectory);
            switch (report) {
                case FileReport.Checked checked -> checked.roles().forEach(role -> result(role, uri, baseDirectory)
                        .ifPresent(results::add));
                case FileReport.Failed failed -> notifications.add(notification(failed, uri));
            }
        }
        boolean successful = notifications.isEmpty();
        for (Notice notice : notices) {
            ObjectNode note = notifications.addObject();
            note.put("level", "note");
            note.putObject("message").put("text", (notice.file().isEmpty() ? "" : notice.file() + ": ")
                    + notice.message());
            if (!notice.file().isEmpty()) {
                note.putArray("locations").addObject().putObject("physicalLocation")
                        .putObject("artifactLocation").put("uri", uri(notice.file(), baseDirectory));
            }
        }
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", successful);
        if (!notifications.isEmpty()) {
            invocation.set("toolExecutionNotifications", notifications);
        }
        run.set("results", results);
        return log;
    }

    private static Optional<ObjectNode> result(RoleCheck role, String uri, Path baseDirectory) {
        Rule rule;
        String message;
        switch (role.outcome()) {
            case Outcome.Evaluated e when e.evaluation().compliance() == Compliance.NON_COMPLIANT -> {
                rule = Rule.NO_MFA;
                message = e.assumptions().isEmpty() ? e.evaluation().annotation()
                        : e.evaluation().annotation() + " (" + e.assumptionClause() + ")";
            }
            case Outcome.Evaluated e -> {
                return Optional.empty();
            }
            case Outcome.Unresolved u -> {
                rule = Rule.UNRESOLVED;
                message = u.message();
            }
            case Outcome.Invalid i -> {
                rule = Rule.INVALID;
                message = i.message();
            }
        }
        ObjectNode result = NODES.objectNode();
        result.put("ruleId", rule.id());
        result.put("ruleIndex", rule.ordinal());
        result.put("level", rule.level());
        result.putObject("message").put("text", message);
        ObjectNode location = result.putArray("locations").addObject();
        ObjectNode physical = location.putObject("physicalLocation");
        // A Terraform role points at the statement of its policy document that fails, which may be in another file.
        physical.putObject("artifactLocation").put("uri", role.statement().map(s -> uri(s.file(), baseDirectory))
                .orElse(uri));
        physical.putObject("region").put("startLine", role.statement().map(SourceLocation::line).orElse(role.line()));
        location.putArray("logicalLocations").addObject().put("name", role.resource()).put("kind", "resource");
        if (role.outcome() instanceof Outcome.Evaluated e && !e.assumptions().isEmpty()) {
            ArrayNode assumptions = result.putObject("properties").putArray("assumptions");
            e.assumptions().forEach(a -> assumptions.addObject().put("value", a.value()).put("assumed", a.assumed()));
        }
        result.putObject("partialFingerprints").put(FINGERPRINT, sha256(uri + "#" + role.resource() + "#" + rule.id()));
        return Optional.of(result);
    }

    private static ObjectNode notification(FileReport.Failed failed, String uri) {
        ObjectNode notification = NODES.objectNode();
        notification.put("level", "error");
        notification.putObject("message").put("text", failed.file() + ": " + failed.error());
        notification.putArray("locations").addObject().putObject("physicalLocation")
                .putObject("artifactLocation").put("uri", uri);
        return notification;
    }

    /** Relative to {@code base} with forward slashes (as GitHub expects), or an absolute file URI outside it. */
    static String uri(String file, Path base) {
        if (file.equals("-")) {
            return "stdin";
        }
        Path path = Path.of(file).toAbsolutePath().normalize();
        Path root = base.toAbsolutePath().normalize();
        if (!path.startsWith(root)) {
            return path.toUri().toString();
        }
        String relative = root.relativize(path).toString().replace('\\', '/');
        try {
            return new URI(null, null, relative, null).toASCIIString();
        } catch (URISyntaxException e) {
            return relative;
        }
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
