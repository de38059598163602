package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks the trust policy of every IAM role declared in infrastructure-as-code: CloudFormation and SAM templates
 * (YAML or JSON), CDK-synthesized templates, and Terraform plans in JSON. The kind is recognized by content.
 */
public final class TemplateChecker {
    private static final String CDK_TEMPLATE_SUFFIX = ".template.json";

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
            return check(file, read(Path.of(file)));
        } catch (TemplateException e) {
            return new FileReport.Failed(file, e.getMessage());
        }
    }

    /** Checks one file's content; {@code file} names it in the report. */
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
        }
    }

    /**
     * The templates a CDK app synthesized into a cloud assembly directory ({@code cdk.out}): its
     * {@code *.template.json} files and those of nested assemblies ({@code assembly-*}, one per stage), sorted.
     *
     * @throws TemplateException when there is none
     */
    public static List<Path> cdkTemplates(Path directory) {
        List<Path> templates = new ArrayList<>();
        collectCdkTemplates(directory, templates);
        if (templates.isEmpty()) {
            throw new TemplateException("no *" + CDK_TEMPLATE_SUFFIX
                    + " files in this directory (a CDK cdk.out directory was expected)");
        }
        templates.sort(Comparator.comparing(Path::toString));
        return templates;
    }

    private static void collectCdkTemplates(Path directory, List<Path> templates) {
        // Only assembly-* subdirectories: asset directories can hold whole node_modules trees.
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry) && name.startsWith("assembly-")) {
                    collectCdkTemplates(entry, templates);
                } else if (name.endsWith(CDK_TEMPLATE_SUFFIX) && Files.isRegularFile(entry)) {
                    templates.add(entry);
                }
            }
        } catch (IOException e) {
            throw new TemplateException("cannot read directory: " + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TemplateException("no such file");
        } catch (MalformedInputException e) {
            throw new TemplateException("not UTF-8 text");
        } catch (IOException e) {
            throw new TemplateException("cannot read: " + e.getMessage());
        }
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
        WorstCase worstCase = new WorstCase(engine, context);
        List<RoleCheck> checks = new ArrayList<>(roles.size());
        for (DeclaredRole role : roles) {
            Outcome outcome = switch (role.policy()) {
                case PolicySource.Document document -> worstCase.evaluate(document);
                case Outcome.Unresolved unresolved -> unresolved;
                case Outcome.Invalid invalid -> invalid;
            };
            checks.add(new RoleCheck(role.resource(), role.line(), exempt(outcome, role.tags())));
        }
        return checks;
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
                String annotation = WorstCase.truncate(exempt + " (otherwise: " + e.evaluation().annotation() + ")");
                yield new Outcome.Evaluated(
                        new Evaluation(Compliance.NOT_APPLICABLE, annotation, e.evaluation().findings()),
                        e.assumptions());
            }
            case Outcome.Unresolved u -> new Outcome.Evaluated(Evaluation.of(Compliance.NOT_APPLICABLE,
                    exempt + " (not evaluated: " + u.message() + ")"));
            default -> outcome;
        };
    }
}
