package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.rule.RoleContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * The roles a CloudFormation template declares: {@code AWS::IAM::Role} resources, SAM functions that set
 * {@code AssumeRolePolicyDocument} for the role SAM creates for them, and the roles of the template a StackSet
 * carries in {@code TemplateBody}. CDK's synthesized templates are the same. Nested stacks with a local template
 * ({@code AWS::CloudFormation::Stack}, {@code AWS::Serverless::Application}) are returned for the caller to follow.
 */
final class CloudFormationRoles {
    static final String IAM_ROLE = "AWS::IAM::Role";
    static final String SAM_FUNCTION = "AWS::Serverless::Function";
    static final String TRUST_POLICY = "AssumeRolePolicyDocument";
    /** {@code Fn::If} conditions one trust policy may depend on: 2^6 variants at most. */
    static final int MAX_CONDITIONS = 6;
    private static final String FOR_EACH = "Fn::ForEach::";
    private static final String STACK_SET = "AWS::CloudFormation::StackSet";
    private static final String NESTED_STACK = "AWS::CloudFormation::Stack";
    private static final String SAM_APPLICATION = "AWS::Serverless::Application";

    private CloudFormationRoles() {
    }

    /**
     * A nested stack whose template is a local file.
     *
     * @param logicalId  the nested stack's resource
     * @param location   its {@code TemplateURL} or {@code Location}, relative to the parent template's directory
     * @param line       where the parent declares it
     * @param parameters the values the parent passes
     */
    record NestedStack(String logicalId, String location, int line, Map<String, JsonNode> parameters) {
    }

    /** What a template declares: its roles, the nested stacks to follow, and what could not be followed. */
    record Declared(List<DeclaredRole> roles, List<NestedStack> nested, List<String> notices) {
    }

    /** Where a template is checked: its account, the values bound to its parameters, and where it is written. */
    record Scope(RoleContext context, Map<String, JsonNode> bindings, OpenValues open, String prefix, boolean yaml,
                 IntUnaryOperator lines) {
        static Scope of(RoleContext context, Map<String, JsonNode> bindings, boolean yaml) {
            return new Scope(context, bindings, new OpenValues(), "", yaml, IntUnaryOperator.identity());
        }
    }

    static boolean isTemplate(JsonNode root) {
        return root.path("Resources").isObject();
    }

    /**
     * Whether a file found in a directory is a CloudFormation template: a {@code Resources} section whose resources
     * have types, or the template format version or a transform. Stricter than {@link #isTemplate}, which is used
     * for files named on the command line.
     */
    static boolean looksLikeTemplate(JsonNode root) {
        if (!isTemplate(root)) {
            return false;
        }
        if (root.has("AWSTemplateFormatVersion") || root.has("Transform")) {
            return true;
        }
        for (JsonNode resource : root.get("Resources")) {
            if (resource.path("Type").asText("").contains("::")) {
                return true;
            }
        }
        return false;
    }

    static Declared declared(LocatedTree tree, Scope scope) {
        Intrinsics intrinsics = new Intrinsics(tree.root(), scope.context(), scope.bindings(), scope.open(), false);
        JsonPointer resources = JsonPointer.empty().appendProperty("Resources");
        List<DeclaredRole> roles = new ArrayList<>();
        List<NestedStack> nested = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : tree.root().get("Resources").properties()) {
            String id = entry.getKey();
            JsonPointer at = resources.appendProperty(id);
            int line = scope.lines().applyAsInt(tree.line(at).orElse(1));
            JsonNode resource = entry.getValue();
            switch (resource.path("Type").asText("")) {
                case STACK_SET -> stackSet(tree, at, id, line, resource, intrinsics, scope, roles, notices);
                case NESTED_STACK -> nestedStack(id, line, resource, "TemplateURL", intrinsics, nested, notices, scope);
                case SAM_APPLICATION -> nestedStack(id, line, resource, "Location", intrinsics, nested, notices, scope);
                default -> declared(id, resource, line, intrinsics, scope).ifPresent(roles::add);
            }
        }
        return new Declared(roles, nested, notices);
    }

    private static Optional<DeclaredRole> declared(String id, JsonNode resource, int line, Intrinsics intrinsics,
                                                   Scope scope) {
        String name = scope.prefix() + id;
        if (id.startsWith(FOR_EACH)) {
            // AWS::LanguageExtensions loops: the roles exist only once CloudFormation expands them.
            return resource.toString().contains("\"" + IAM_ROLE + "\"")
                    ? Optional.of(new DeclaredRole(name, line, new Outcome.Unresolved("roles generated by Fn::ForEach "
                            + "are not expanded, so their trust policies are not checked"), Map.of(), scope.context()))
                    : Optional.empty();
        }
        JsonNode properties = resource.path("Properties");
        boolean declaresRole = switch (resource.path("Type").asText("")) {
            case IAM_ROLE -> true;
            // With Role set, SAM creates no role; without AssumeRolePolicyDocument, its role trusts only Lambda.
            case SAM_FUNCTION -> properties.has(TRUST_POLICY) && !properties.has("Role");
            default -> false;
        };
        return declaresRole
                ? Optional.of(new DeclaredRole(name, line, policy(properties, intrinsics), tags(properties, intrinsics),
                        scope.context()))
                : Optional.empty();
    }

    /**
     * The template a StackSet deploys to its target accounts, read from {@code TemplateBody} (YAML or JSON). Its
     * roles live in those accounts: {@code AWS::AccountId} there is each role's own account, and the StackSet's
     * own account, passed in through {@code Parameters}, is another account.
     */
    private static void stackSet(LocatedTree tree, JsonPointer at, String id, int line, JsonNode resource,
                                 Intrinsics intrinsics, Scope scope, List<DeclaredRole> roles, List<String> notices) {
        JsonNode properties = resource.path("Properties");
        JsonNode body = intrinsics.resolve(properties.path("TemplateBody")).value();
        if (body.isMissingNode()) {
            if (properties.has("TemplateURL")) {
                notices.add(id + ": not followed: the StackSet's template is at its TemplateURL, not in the file");
            }
            return;
        }
        if (!body.isTextual() || !Intrinsics.isExact(body)) {
            roles.add(new DeclaredRole(scope.prefix() + id, line, new Outcome.Unresolved("TemplateBody is known only "
                    + "at deployment, so the roles of the StackSet's template are not checked"), Map.of(),
                    scope.context()));
            return;
        }
        LocatedTree inner;
        try {
            inner = TemplateChecker.parse(body.textValue());
        } catch (TemplateException e) {
            roles.add(new DeclaredRole(scope.prefix() + id, line, new Outcome.Invalid("TemplateBody: "
                    + e.getMessage()), Map.of(), scope.context()));
            return;
        }
        if (!isTemplate(inner.root())) {
            roles.add(new DeclaredRole(scope.prefix() + id, line, new Outcome.Invalid("TemplateBody is not a "
                    + "template (no Resources section)"), Map.of(), scope.context()));
            return;
        }
        Intrinsics passing = new Intrinsics(tree.root(), scope.context(), scope.bindings(), scope.open(), true);
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        for (JsonNode parameter : passing.resolve(properties.path("Parameters")).value()) {
            if (parameter.path("ParameterKey").isTextual() && parameter.has("ParameterValue")) {
                parameters.put(parameter.get("ParameterKey").textValue(), parameter.get("ParameterValue"));
            }
        }
        int bodyLine = scope.lines().applyAsInt(tree.line(at.appendProperty("Properties")
                .appendProperty("TemplateBody")).orElse(line));
        // A YAML block scalar (TemplateBody: |) starts on the next line; a JSON string is one line.
        boolean block = scope.yaml() && body.textValue().contains("\n");
        IntUnaryOperator lines = innerLine -> block ? bodyLine + innerLine : bodyLine;
        RoleContext targets = new RoleContext(Optional.empty(), scope.context().partition());
        Scope innerScope = new Scope(targets, parameters, scope.open(), scope.prefix() + id + "/", block, lines);
        Declared declared = declared(inner, innerScope);
        roles.addAll(declared.roles());
        declared.nested().forEach(n -> notices.add(id + "/" + n.logicalId()
                + ": not followed: a nested stack of a StackSet's template"));
        declared.notices().forEach(n -> notices.add(id + "/" + n));
    }

    private static void nestedStack(String id, int line, JsonNode resource, String property, Intrinsics intrinsics,
                                    List<NestedStack> nested, List<String> notices, Scope scope) {
        JsonNode properties = resource.path("Properties");
        JsonNode location = intrinsics.resolve(properties.path(property)).value();
        String name = scope.prefix() + id;
        if (location.isObject()) {
            notices.add(name + ": not followed: a Serverless Application Repository application");
            return;
        }
        if (!location.isTextual() || !Intrinsics.isExact(location)) {
            notices.add(name + ": not followed: its " + property + " is known only at deployment");
            return;
        }
        String path = location.textValue();
        if (path.matches("(?i)(https?|s3)://.*")) {
            notices.add(name + ": not followed: its template is at " + path + ", not in the repository");
            return;
        }
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        JsonNode passed = intrinsics.resolve(properties.path("Parameters")).value();
        passed.properties().forEach(e -> parameters.put(e.getKey(), e.getValue()));
        nested.add(new NestedStack(id, path, line, parameters));
    }

    private static PolicySource policy(JsonNode properties, Intrinsics intrinsics) {
        if (Intrinsics.isIntrinsic(properties)) {
            return new Outcome.Unresolved("Properties is computed by " + properties.fieldNames().next()
                    + ", so the trust policy cannot be read from the template");
        }
        JsonNode document = properties.get(TRUST_POLICY);
        if (document == null || document.isNull()) {
            return new Outcome.Invalid(TRUST_POLICY + " is missing: IAM requires a trust policy for every role");
        }
        Set<String> conditions = intrinsics.undecidedConditions(document);
        if (conditions.size() > MAX_CONDITIONS) {
            return new Outcome.Unresolved("the trust policy depends on " + conditions.size() + " Fn::If conditions ("
                    + String.join(", ", conditions) + "), more than " + MAX_CONDITIONS + " to evaluate in every "
                    + "combination: bind the parameters they test with --parameter-overrides");
        }
        List<PolicySource.Variant> variants = new ArrayList<>();
        for (Map<String, Boolean> branches : combinations(List.copyOf(conditions))) {
            Intrinsics.Resolution resolution = intrinsics.resolve(document, branches);
            variants.add(new PolicySource.Variant(branches, resolution.value(), resolution.ownAccountPlaceholder(),
                    resolution.notes()));
        }
        return new PolicySource.Document(intrinsics.open(), variants);
    }

    /** Every assignment of true and false to {@code conditions}, all true first. */
    private static List<Map<String, Boolean>> combinations(List<String> conditions) {
        List<Map<String, Boolean>> all = new ArrayList<>();
        for (int bits = 0; bits < 1 << conditions.size(); bits++) {
            Map<String, Boolean> branches = new LinkedHashMap<>();
            for (int i = 0; i < conditions.size(); i++) {
                branches.put(conditions.get(i), (bits & (1 << i)) == 0);
            }
            all.add(branches);
        }
        return all;
    }

    /** Role tags are a list of {Key, Value}; a SAM function's are a map, which SAM copies to the function's role. */
    private static Map<String, String> tags(JsonNode properties, Intrinsics intrinsics) {
        // An undecided Fn::If stays open here: a tag that exists only in some deployments exempts none.
        JsonNode tags = intrinsics.resolve(properties.path("Tags")).value();
        OpenValues open = intrinsics.open();
        Map<String, String> result = new LinkedHashMap<>();
        if (tags.isArray()) {
            for (JsonNode tag : tags) {
                if (tag.path("Key").isTextual() && Intrinsics.isExact(tag.get("Key"))) {
                    result.putIfAbsent(tag.get("Key").textValue(), open.display(tag.path("Value").asText("")));
                }
            }
        } else if (tags.isObject()) {
            tags.properties().forEach(e -> result.putIfAbsent(e.getKey(), open.display(e.getValue().asText(""))));
        }
        return result;
    }
}
