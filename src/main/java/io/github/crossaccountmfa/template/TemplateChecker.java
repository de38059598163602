package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.policy.PolicyParseException;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.Finding;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the trust policy of every IAM role declared in infrastructure-as-code: CloudFormation and SAM templates
 * (YAML or JSON), CDK-synthesized templates, and Terraform plans in JSON. The kind is recognized by content.
 */
public final class TemplateChecker {
    private static final Pattern STATEMENT_PATH = Pattern.compile("Statement(?:\\[(\\d+)])?\\.(.+)");
    private static final Pattern NON_AWS_PRINCIPAL = Pattern.compile("Principal\\.(Service|Federated)(\\[\\d+])?");

    private final VerdictEngine engine;
    private final RoleContext context;

    /** {@code context}: the account (and partition) the templates are deployed to, or unknown. */
    public TemplateChecker(VerdictEngine engine, RoleContext context) {
        this.engine = engine;
        this.context = context;
    }

    /** Reads and checks one file. */
    public FileReport check(String file) {
        try {
            return check(file, read(file));
        } catch (TemplateException e) {
            return new FileReport.Failed(file, e.getMessage());
        }
    }

    /**
     * Checks one file's content; {@code file} names it in the report. Whatever goes wrong with this file costs only
     * this file: it is {@link FileReport.Failed}, and the other files are still checked.
     */
    public FileReport check(String file, String content) {
        try {
            LocatedTree tree = parse(content);
            JsonNode root = tree.root();
            if (CloudFormationRoles.isTemplate(root)) {
                return new FileReport.Checked(file, SourceKind.CLOUDFORMATION,
                        checkAll(CloudFormationRoles.declared(tree, context)));
            }
            if (TerraformPlanRoles.isPlan(root)) {
                return new FileReport.Checked(file, SourceKind.TERRAFORM_PLAN,
                        checkAll(TerraformPlanRoles.declared(tree)));
            }
            throw new TemplateException(unrecognized(root));
        } catch (TemplateException e) {
            return new FileReport.Failed(file, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return new FileReport.Failed(file, "internal error (" + e.getClass().getSimpleName()
                    + ") while checking this file");
        }
    }

    /**
     * The templates a CDK app synthesized into a cloud assembly directory ({@code cdk.out}): its
     * {@code *.template.json} files and those of nested assemblies ({@code assembly-*}, one per stage), sorted.
     *
     * @throws TemplateException when there is none
     */
    public static List<Path> cdkTemplates(Path directory) {
        return TemplateFiles.cdkTemplates(directory);
    }

    private static String read(String file) {
        return TemplateFiles.read(file);
    }

    private static LocatedTree parse(String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        String start = text.stripLeading();
        if (start.isEmpty()) {
            throw new TemplateException("the file is empty");
        }
        boolean json = start.charAt(0) == '{' || start.charAt(0) == '[';
        return json ? JsonDocument.read(text) : CloudFormationYaml.read(text);
    }

    private static String unrecognized(JsonNode root) {
        if (TerraformPlanRoles.isState(root)) {
            return "this is Terraform state, not a plan: save a plan (terraform plan -out plan.out) and check the "
                    + "output of terraform show -json plan.out";
        }
        return "neither a CloudFormation, SAM or CDK template (no Resources section) nor a Terraform plan in JSON "
                + "(no format_version with planned_values)";
    }

    private List<RoleCheck> checkAll(List<DeclaredRole> roles) {
        List<RoleCheck> checks = new ArrayList<>(roles.size());
        for (DeclaredRole role : roles) {
            Outcome outcome = switch (role.policy()) {
                case PolicySource.Document document -> evaluate(document);
                case Outcome.Unresolved unresolved -> unresolved;
                case Outcome.Invalid invalid -> invalid;
            };
            checks.add(new RoleCheck(role.resource(), role.line(), exempt(outcome, role.tags())));
        }
        return checks;
    }

    private Outcome evaluate(PolicySource.Document source) {
        List<Intrinsics.Gap> decisive =
                source.gaps().stream().filter(gap -> !isNeutral(gap, source.document())).toList();
        if (!decisive.isEmpty()) {
            return unresolved(decisive);
        }
        TrustPolicy policy;
        try {
            JsonNode document = source.document();
            policy = TrustPolicy.parse(document.isTextual() ? document.textValue() : document.toString());
        } catch (PolicyParseException e) {
            // A placeholder where IAM needs a real value (an Effect, an Action) is still the gap's fault.
            return source.gaps().stream().filter(gap -> within(e.path(), gap.path())).findFirst()
                    .<Outcome>map(gap -> unresolved(List.of(gap)))
                    .orElseGet(() -> new Outcome.Invalid("not a valid trust policy: "
                            + (source.document().isTextual() ? e.getMessage() : e.withoutPosition())));
        }
        if (!source.ownAccountPlaceholder()) {
            return evaluated(engine.evaluate(policy, context));
        }
        RoleContext own = new RoleContext(Optional.of(Intrinsics.OWN_ACCOUNT_PLACEHOLDER), context.partition());
        Evaluation evaluation = engine.evaluate(policy, own);
        if (failedClosed(evaluation).isPresent()) {
            return evaluated(evaluation);
        }
        List<Finding> findings = new ArrayList<>(evaluation.findings());
        findings.add(new Finding(Finding.Kind.ACCOUNT_UNKNOWN, Optional.empty(), Optional.empty(), "", "",
                "No account was given (--account or --role-arn): AWS::AccountId was read as the role's own account ("
                        + Intrinsics.OWN_ACCOUNT_PLACEHOLDER
                        + ") and every other account the policy names as a third party"));
        return new Outcome.Evaluated(new Evaluation(evaluation.compliance(), evaluation.annotation(), findings));
    }

    /** A policy the engine could not evaluate is an error of its role, as for any other input of the CLI. */
    private static Outcome evaluated(Evaluation evaluation) {
        return failedClosed(evaluation).<Outcome>map(Outcome.Invalid::new)
                .orElseGet(() -> new Outcome.Evaluated(evaluation));
    }

    private static Optional<String> failedClosed(Evaluation evaluation) {
        return evaluation.findings().stream().filter(f -> f.kind().failedClosed()).map(Finding::message).findFirst();
    }

    /**
     * A gap cannot change the verdict when it is a statement's Sid, names an AWS service or an identity provider
     * (which of them does not matter: neither is a third-party caller), or lies anywhere in a statement whose
     * principals are only services and identity providers: such a statement gives no third party anything, and
     * denies none.
     */
    static boolean isNeutral(Intrinsics.Gap gap, JsonNode document) {
        Matcher m = STATEMENT_PATH.matcher(gap.path());
        if (!m.matches()) {
            return false;
        }
        String element = m.group(2);
        if (element.equals("Sid") || NON_AWS_PRINCIPAL.matcher(element).matches()) {
            return true;
        }
        JsonNode statements = document.path("Statement");
        JsonNode statement = m.group(1) == null ? statements : statements.path(Integer.parseInt(m.group(1)));
        JsonNode principal = statement.path("Principal");
        if (!principal.isObject() || principal.isEmpty() || statement.has("NotPrincipal")) {
            return false;
        }
        for (String type : (Iterable<String>) principal::fieldNames) {
            if (!type.equals("Service") && !type.equals("Federated")) {
                return false;
            }
        }
        return true;
    }

    private static boolean within(String errorPath, String gapPath) {
        return gapPath.isEmpty() || errorPath.equals(gapPath) || errorPath.startsWith(gapPath + ".")
                || errorPath.startsWith(gapPath + "[");
    }

    private static Outcome.Unresolved unresolved(List<Intrinsics.Gap> gaps) {
        Intrinsics.Gap first = gaps.getFirst();
        String where = first.path().isEmpty() ? "the trust policy" : first.path();
        return new Outcome.Unresolved("unresolved reference to " + first.reference() + " in " + where
                + (gaps.size() > 1 ? "; +" + (gaps.size() - 1) + " more" : ""));
    }

    /**
     * The rule's exemption tag, as the Lambda applies it: a role that would be NON_COMPLIANT is NOT_APPLICABLE. A role
     * that cannot be evaluated before deployment but carries the tag cannot end up NON_COMPLIANT either.
     */
    private Outcome exempt(Outcome outcome, Map<String, String> tags) {
        Optional<String> tagKey = engine.parameters().exemptionTagKey();
        if (tagKey.isEmpty() || !tags.containsKey(tagKey.get())) {
            return outcome;
        }
        String reason = tags.get(tagKey.get());
        String exempt = "Exempt by tag " + tagKey.get() + (reason.isEmpty() ? "" : ": " + reason);
        return switch (outcome) {
            case Outcome.Evaluated e when e.evaluation().compliance() == Compliance.NON_COMPLIANT -> {
                // Evaluation.of truncates the annotation to Config's 256 characters; the findings stay.
                String annotation = Evaluation.of(Compliance.NOT_APPLICABLE,
                        exempt + " (otherwise: " + e.evaluation().annotation() + ")").annotation();
                yield new Outcome.Evaluated(
                        new Evaluation(Compliance.NOT_APPLICABLE, annotation, e.evaluation().findings()));
            }
            case Outcome.Unresolved u -> new Outcome.Evaluated(Evaluation.of(Compliance.NOT_APPLICABLE,
                    exempt + " (not evaluated: " + u.message() + ")"));
            default -> outcome;
        };
    }
}
