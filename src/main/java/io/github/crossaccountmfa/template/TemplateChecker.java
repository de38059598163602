package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;

/**
 * Checks the trust policy of every IAM role declared in infrastructure-as-code: CloudFormation and SAM templates
 * (YAML or JSON) with their StackSets and local nested stacks, CDK-synthesized templates, Terraform plans in JSON,
 * and Terraform source (the {@code .tf} files of a directory, one module, with the local modules it calls). The
 * kind of a template is recognized by content; directories are searched ({@link SourceTree}).
 */
public final class TemplateChecker {
    /** Nested stacks inside nested stacks: deeper than any real template, and a stop for cycles. */
    private static final int MAX_NESTING = 16;
    /** Text that only a CloudFormation template contains: a broken file with it is a broken template. */
    private static final Pattern CLOUDFORMATION_TEXT =
            Pattern.compile("AWSTemplateFormatVersion|[\"']?Type[\"']?\\s*:\\s*[\"']?AWS::[A-Za-z0-9]+::");

    private final VerdictEngine engine;
    private final RoleContext context;
    private final ParameterValues parameters;
    private final TerraformVariables variables;

    /** {@code context}: the account (and partition) the templates are deployed to, or unknown. */
    public TemplateChecker(VerdictEngine engine, RoleContext context) {
        this(engine, context, ParameterValues.NONE);
    }

    /** {@code parameters}: template parameter values, as a deployment would give them. */
    public TemplateChecker(VerdictEngine engine, RoleContext context, ParameterValues parameters) {
        this(engine, context, parameters, TerraformVariables.NONE);
    }

    /** {@code variables}: Terraform variable values from {@code --var-file}; {@code parameters} win over them. */
    public TemplateChecker(VerdictEngine engine, RoleContext context, ParameterValues parameters,
                           TerraformVariables variables) {
        this.engine = engine;
        this.context = context;
        this.parameters = parameters;
        this.variables = variables;
    }

    /** An input: a file or directory named on the command line, or text read elsewhere (standard input). */
    public sealed interface Input {
        String name();

        record File(String name) implements Input {
        }

        record Text(String name, String content) implements Input {
        }
    }

    /** A file to check, with how it was found. */
    private record Source(String name, Optional<Path> path, Optional<String> content, boolean found) {
    }

    /** A file read and parsed. */
    private record Parsed(Source source, LocatedTree tree, SourceKind kind, boolean yaml) {
    }

    /**
     * A Terraform root module: a directory of {@code .tf} files.
     *
     * @param files the files named on the command line (only their roles are reported), or empty: all
     * @param found found by a directory search (then not checked on its own when another root calls it)
     */
    private record TerraformRoot(Path directory, Optional<Set<String>> files, boolean found) {
        TerraformRoot merge(TerraformRoot other) {
            Optional<Set<String>> union = Optional.empty();
            if (files.isPresent() && other.files.isPresent()) {
                Set<String> both = new TreeSet<>(files.get());
                both.addAll(other.files.get());
                union = Optional.of(both);
            }
            return new TerraformRoot(directory, union, found && other.found);
        }
    }

    /** Reads and checks one file. */
    public FileReport check(String file) {
        return checkAll(List.of(new Input.File(file)), Set.of()).reports().getFirst();
    }

    /**
     * Checks one file's content; {@code file} names it in the report. Whatever goes wrong with this file costs only
     * this file: it is {@link FileReport.Failed}, and the other files are still checked.
     */
    public FileReport check(String file, String content) {
        return checkAll(List.of(new Input.Text(file, content)), Set.of()).reports().getFirst();
    }

    /**
     * Checks every input: files, directories searched for templates, and text. The same file named twice (or
     * reached twice through links) is checked once; a template that another input uses as a nested stack is
     * checked as part of that stack, with the parameters it passes, not on its own.
     *
     * @param excluded files a directory search leaves out (the command's own output)
     */
    public CheckResult checkAll(List<Input> inputs, Set<Path> excluded) {
        List<Object> items = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        Map<Path, Integer> terraformRoots = new HashMap<>();
        for (Input input : inputs) {
            for (Object item : expand(input, excluded, notices)) {
                if (item instanceof Source source && source.path().isPresent()
                        && !seen.add(realPath(source.path().get()))) {
                    continue;
                }
                if (item instanceof TerraformRoot root) {
                    Integer at = terraformRoots.get(realPath(root.directory()));
                    if (at != null) {
                        items.set(at, ((TerraformRoot) items.get(at)).merge(root));
                        continue;
                    }
                    terraformRoots.put(realPath(root.directory()), items.size());
                }
                items.add(item);
            }
        }
        List<Object> parsed = new ArrayList<>();
        for (Object item : items) {
            parsed.add(item instanceof Source source ? parseConfined(source, notices) : item);
        }
        Set<Path> nestedElsewhere = new HashSet<>();
        for (Object item : parsed) {
            if (item instanceof Parsed p && p.kind() == SourceKind.CLOUDFORMATION && p.source().path().isPresent()) {
                Path self = realPath(p.source().path().get());
                for (CloudFormationRoles.NestedStack nested : nestedStacks(p)) {
                    Path target = realPath(p.source().path().get().resolveSibling(nested.location()));
                    if (!target.equals(self)) {
                        nestedElsewhere.add(target);
                    }
                }
            }
        }
        Map<TerraformRoot, TerraformSourceRoles.Declared> terraform = terraform(parsed);
        Set<Path> calledElsewhere = new HashSet<>();
        terraform.values().forEach(d -> calledElsewhere.addAll(d.called()));
        Set<String> reportedFailures = new HashSet<>();
        List<FileReport> reports = new ArrayList<>();
        for (Object item : parsed) {
            switch (item) {
                case FileReport report -> reports.add(report);
                case TerraformRoot root when root.found()
                        && calledElsewhere.contains(TerraformSourceRoles.real(root.directory())) -> {
                    // reported under the module block that calls it
                }
                case TerraformRoot root -> report(root, terraform.get(root), reports, notices, reportedFailures);
                case Parsed p when p.source().path().isPresent()
                        && nestedElsewhere.contains(realPath(p.source().path().get())) -> {
                    // reported under the stack that uses it
                }
                case Parsed p -> report(p, CloudFormationRoles.Scope.of(context, parameters.bindings(), p.yaml()),
                        List.of(), reports, notices);
                default -> {
                    // a skipped file: its notice is already recorded
                }
            }
        }
        Set<String> declared = new HashSet<>();
        parsed.forEach(item -> {
            if (item instanceof Parsed p) {
                p.tree().root().path("Parameters").fieldNames().forEachRemaining(declared::add);
            }
        });
        terraform.values().forEach(d -> declared.addAll(d.variables()));
        Set<String> unused = new TreeSet<>(parameters.values().keySet());
        unused.removeAll(declared);
        if (!unused.isEmpty() && (!terraform.isEmpty() || parsed.stream().anyMatch(i -> i instanceof Parsed p
                && p.kind() == SourceKind.CLOUDFORMATION))) {
            notices.add(new Notice("", "no template checked declares the parameter" + (unused.size() > 1 ? "s " : " ")
                    + String.join(", ", unused) + " given on the command line"));
        }
        return new CheckResult(reports, notices);
    }

    /** Reads every Terraform root module, each module directory once. */
    private Map<TerraformRoot, TerraformSourceRoles.Declared> terraform(List<Object> items) {
        TerraformSourceRoles.Modules modules = new TerraformSourceRoles.Modules();
        Map<TerraformRoot, TerraformSourceRoles.Declared> declared = new LinkedHashMap<>();
        for (Object item : items) {
            if (item instanceof TerraformRoot root) {
                TerraformSourceRoles.Root source = new TerraformSourceRoles.Root(root.directory(), root.files());
                Map<String, String> failuresBefore = new LinkedHashMap<>(modules.failures);
                TerraformSourceRoles.Declared result;
                try {
                    result = TerraformSourceRoles.declared(source, modules, variables, parameters, context);
                } catch (RuntimeException | StackOverflowError e) {
                    // Fail closed, for this module only.
                    result = new TerraformSourceRoles.Declared(Map.of(), Map.of(root.directory().toString(),
                            "the Terraform module could not be read (internal error " + e.getClass().getSimpleName()
                                    + ")"), List.of(), Set.of(), Set.of());
                }
                Map<String, String> failures = new LinkedHashMap<>(result.failures());
                modules.failures.forEach((file, message) -> {
                    if (!failuresBefore.containsKey(file)) {
                        failures.put(file, message);
                    }
                });
                List<Notice> notices = new ArrayList<>(result.notices());
                notices.addAll(modules.notices);
                modules.notices.clear();
                declared.put(root, new TerraformSourceRoles.Declared(result.roles(), failures, notices,
                        result.called(), result.variables()));
            }
        }
        return declared;
    }

    private void report(TerraformRoot root, TerraformSourceRoles.Declared declared, List<FileReport> reports,
                        List<Notice> notices, Set<String> reportedFailures) {
        declared.failures().forEach((file, message) -> {
            if (reportedFailures.add(file)) {
                reports.add(new FileReport.Failed(file, message));
            }
        });
        declared.roles().forEach((file, roles) -> reports.add(new FileReport.Checked(file,
                SourceKind.TERRAFORM_SOURCE, checkAll(roles))));
        if (declared.roles().isEmpty() && declared.failures().isEmpty()) {
            // A module without roles was still checked, as a template without roles is.
            reports.add(new FileReport.Checked(root.directory().toString(), SourceKind.TERRAFORM_SOURCE, List.of()));
        }
        notices.addAll(declared.notices());
    }

    private static List<CloudFormationRoles.NestedStack> nestedStacks(Parsed parsed) {
        List<CloudFormationRoles.NestedStack> nested = new ArrayList<>();
        JsonNode resources = parsed.tree().root().path("Resources");
        resources.properties().forEach(e -> {
            JsonNode properties = e.getValue().path("Properties");
            String type = e.getValue().path("Type").asText("");
            JsonNode location = type.equals("AWS::CloudFormation::Stack") ? properties.path("TemplateURL")
                    : type.equals("AWS::Serverless::Application") ? properties.path("Location") : null;
            if (location != null && location.isTextual() && !location.textValue().matches("(?i)(https?|s3)://.*")) {
                nested.add(new CloudFormationRoles.NestedStack(e.getKey(), location.textValue(), 1, Map.of()));
            }
        });
        return nested;
    }

    static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** The files an input stands for: itself, or a directory's templates; a failure as its report. */
    private List<Object> expand(Input input, Set<Path> excluded, List<Notice> notices) {
        if (input instanceof Input.Text text) {
            return List.of(new Source(text.name(), Optional.empty(), Optional.of(text.content()), false));
        }
        Path path = Path.of(input.name());
        if (!Files.isDirectory(path)) {
            if (TerraformSourceRoles.isSource(path)) {
                if (!Files.isRegularFile(path)) {
                    return List.of(new FileReport.Failed(input.name(), "no such file"));
                }
                Path directory = path.getParent() == null ? Path.of("") : path.getParent();
                return List.of(new TerraformRoot(directory, Optional.of(Set.of(directory.resolve(
                        path.getFileName()).toString())), false));
            }
            return List.of(new Source(input.name(), Optional.of(path), Optional.empty(), false));
        }
        if (SourceTree.isCdkAssembly(path)) {
            try {
                return cdkTemplates(path).stream().<Object>map(f -> new Source(f.toString(), Optional.of(f),
                        Optional.empty(), false)).toList();
            } catch (TemplateException e) {
                return List.of(new FileReport.Failed(input.name(), e.getMessage()));
            }
        }
        SourceTree.Walk walk = SourceTree.walk(path, SourceTree.CLOUDFORMATION_PLAN_OR_TERRAFORM, excluded);
        notices.addAll(walk.notices());
        List<Object> found = new ArrayList<>();
        Set<Path> directories = new HashSet<>();
        walk.failures().forEach(f -> found.add(new FileReport.Failed(f.file(), f.message())));
        for (Path file : walk.files()) {
            if (!TerraformSourceRoles.isSource(file)) {
                found.add(new Source(file.toString(), Optional.of(file), Optional.empty(), true));
            } else if (directories.add(file.getParent())) {
                found.add(new TerraformRoot(file.getParent(), Optional.empty(), true));
            }
        }
        if (walk.files().isEmpty() && walk.failures().isEmpty()) {
            found.add(new FileReport.Failed(input.name(), "no templates in this directory (CloudFormation or SAM "
                    + "templates, cdk.out, Terraform plans in JSON, Terraform .tf files)"));
        }
        return found;
    }

    /** {@link #parse(Source, List)}, with whatever goes wrong costing only this file. */
    private static Object parseConfined(Source source, List<Notice> notices) {
        try {
            return parse(source, notices);
        } catch (RuntimeException | StackOverflowError e) {
            return new FileReport.Failed(source.name(), "internal error (" + e.getClass().getSimpleName()
                    + ") while reading this file");
        }
    }

    /** Reads and parses a source; a file found in a directory that is not a template is skipped with a notice. */
    private static Object parse(Source source, List<Notice> notices) {
        String text;
        LocatedTree tree;
        try {
            text = source.content().isPresent() ? source.content().get() : read(source.path().orElseThrow());
        } catch (TemplateException e) {
            return new FileReport.Failed(source.name(), e.getMessage());
        }
        try {
            tree = parse(text);
        } catch (TemplateException e) {
            if (source.found() && !CLOUDFORMATION_TEXT.matcher(text).find()) {
                notices.add(new Notice(source.name(), "skipped: not a template (" + e.getMessage() + ")"));
                return Optional.empty();
            }
            return new FileReport.Failed(source.name(), e.getMessage());
        }
        JsonNode root = tree.root();
        boolean yaml = !isJson(text);
        if (source.found() ? CloudFormationRoles.looksLikeTemplate(root) : CloudFormationRoles.isTemplate(root)) {
            return new Parsed(source, tree, SourceKind.CLOUDFORMATION, yaml);
        }
        if (TerraformPlanRoles.isPlan(root)) {
            return new Parsed(source, tree, SourceKind.TERRAFORM_PLAN, yaml);
        }
        if (source.found()) {
            notices.add(new Notice(source.name(), TerraformPlanRoles.isState(root)
                    ? "skipped: Terraform state, not a plan"
                    : "skipped: not a CloudFormation template or Terraform plan"));
            return Optional.empty();
        }
        return new FileReport.Failed(source.name(), unrecognized(root));
    }

    /** Checks a parsed file and, after it, the local nested stacks it uses. */
    private void report(Parsed parsed, CloudFormationRoles.Scope scope, List<Path> stack, List<FileReport> reports,
                        List<Notice> notices) {
        String name = parsed.source().name();
        if (parsed.kind() == SourceKind.TERRAFORM_PLAN) {
            reports.add(new FileReport.Checked(name, SourceKind.TERRAFORM_PLAN,
                    checkAll(TerraformPlanRoles.declared(parsed.tree(), context))));
            return;
        }
        CloudFormationRoles.Declared declared = CloudFormationRoles.declared(parsed.tree(), scope);
        reports.add(new FileReport.Checked(name, SourceKind.CLOUDFORMATION, checkAll(declared.roles())));
        declared.notices().forEach(n -> notices.add(new Notice(name, n)));
        List<Path> chain = new ArrayList<>(stack);
        parsed.source().path().ifPresent(p -> chain.add(realPath(p)));
        for (CloudFormationRoles.NestedStack nested : declared.nested()) {
            String stackName = scope.prefix() + nested.logicalId();
            if (parsed.source().path().isEmpty()) {
                notices.add(new Notice(name, stackName + ": not followed: the template of a nested stack is found "
                        + "relative to its parent's file, and this one was read from standard input"));
                continue;
            }
            Path file = parsed.source().path().get().resolveSibling(nested.location()).normalize();
            String display = Path.of(name).resolveSibling(nested.location()).normalize().toString();
            if (chain.contains(realPath(file)) || chain.size() >= MAX_NESTING) {
                reports.add(new FileReport.Failed(display, "nested stack " + stackName + " of " + name
                        + " uses a template that contains it (a cycle of nested stacks)"));
                continue;
            }
            Object child = parse(new Source(display, Optional.of(file), Optional.empty(), false), notices);
            if (child instanceof FileReport.Failed failed) {
                reports.add(new FileReport.Failed(display, failed.error() + " (the template of nested stack "
                        + stackName + " of " + name + ")"));
            } else if (child instanceof Parsed p && p.kind() == SourceKind.CLOUDFORMATION) {
                CloudFormationRoles.Scope childScope = new CloudFormationRoles.Scope(scope.context(),
                        nested.parameters(), scope.open(), stackName + "/", p.yaml(),
                        IntUnaryOperator.identity());
                report(p, childScope, chain, reports, notices);
            } else {
                reports.add(new FileReport.Failed(display, "not a CloudFormation template (the template of nested "
                        + "stack " + stackName + " of " + name + ")"));
            }
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

    static String read(Path file) {
        return TemplateFiles.read(file.toString());
    }

    private static boolean isJson(String content) {
        String start = (content.startsWith("\uFEFF") ? content.substring(1) : content).stripLeading();
        return !start.isEmpty() && (start.charAt(0) == '{' || start.charAt(0) == '[');
    }

    /** Parses a template or plan, JSON or YAML by its first character. */
    static LocatedTree parse(String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        if (text.isBlank()) {
            throw new TemplateException("the file is empty");
        }
        return isJson(text) ? JsonDocument.read(text) : CloudFormationYaml.read(text);
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
        Map<RoleContext, WorstCase> byContext = new HashMap<>();
        List<RoleCheck> checks = new ArrayList<>(roles.size());
        for (DeclaredRole role : roles) {
            WorstCase worstCase = byContext.computeIfAbsent(role.context(), c -> new WorstCase(engine, c));
            Outcome outcome;
            try {
                outcome = switch (role.policy()) {
                    case PolicySource.Document document -> worstCase.evaluate(document);
                    case Outcome.Unresolved unresolved -> unresolved;
                    case Outcome.Invalid invalid -> invalid;
                };
            } catch (RuntimeException e) {
                // Fail closed, for this role only: the others are still checked and reported.
                outcome = new Outcome.Invalid("the trust policy could not be evaluated (internal error "
                        + e.getClass().getSimpleName() + "); it is not trusted");
            }
            Outcome exempted = exempt(outcome, role.tags());
            checks.add(new RoleCheck(role.resource(), role.line(), exempted, statement(role, exempted)));
        }
        return checks;
    }

    /** Where the first statement that makes the role NON_COMPLIANT is written, when the source says so. */
    private static Optional<SourceLocation> statement(DeclaredRole role, Outcome outcome) {
        if (!(outcome instanceof Outcome.Evaluated e) || e.evaluation().compliance() != Compliance.NON_COMPLIANT) {
            return Optional.empty();
        }
        return e.evaluation().findings().stream()
                .filter(f -> f.kind() == io.github.crossaccountmfa.rule.Finding.Kind.NO_MFA)
                .flatMap(f -> f.statement().stream())
                .filter(n -> n >= 1 && n <= role.statements().size())
                .findFirst()
                .map(n -> role.statements().get(n - 1));
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
