package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.rule.RoleContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsic functions inside one value (a trust policy, a tag, a nested stack's parameter)
 * from what the template and the command line say: pseudo parameters {@code AWS::AccountId}, {@code AWS::Partition},
 * {@code AWS::URLSuffix}; template parameters bound on the command line or by a parent stack, else by their
 * {@code Default}; {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split} and {@code Fn::FindInMap}
 * over those; {@code Fn::GetAtt X.Arn} of an IAM role or user of the same template; {@code Fn::If} with the branch a
 * caller chooses for each condition the command line does not decide. Whatever depends on the deployment (exports,
 * other resources, the region, SSM parameters, parameters without a value) becomes an {@link OpenValue}, whose
 * token stands in the resolved text; it is never guessed.
 */
final class Intrinsics {
    /**
     * Stands for the role's own account when no account was given: {@code ${AWS::AccountId}} in a template always
     * means the account the stack is deployed to, which is the role's own account.
     */
    static final String OWN_ACCOUNT_PLACEHOLDER = "000000000000";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonNode NO_VALUE = MissingNode.getInstance();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Map<String, String> URL_SUFFIXES = Map.of(
            "aws", "amazonaws.com", "aws-us-gov", "amazonaws.com", "aws-cn", "amazonaws.com.cn",
            "aws-iso", "c2s.ic.gov", "aws-iso-b", "sc2s.sgov.gov");
    private static final int MAX_CONDITION_DEPTH = 32;

    private final JsonNode parameters;
    private final JsonNode mappings;
    private final JsonNode resources;
    private final JsonNode conditions;
    private final RoleContext context;
    private final Map<String, JsonNode> bindings;
    private final OpenValues open;
    private final boolean accountIsOpen;
    private final Map<String, Optional<Boolean>> decided = new HashMap<>();

    /**
     * @param template      the whole template
     * @param context       the account and partition it is deployed to
     * @param bindings      parameter values given on the command line or by a parent stack (text, or a list)
     * @param open          where open values are recorded
     * @param accountIsOpen an unknown {@code AWS::AccountId} is an open value rather than the role's own account
     *                      (values that a StackSet passes to the stacks it creates in other accounts)
     */
    Intrinsics(JsonNode template, RoleContext context, Map<String, JsonNode> bindings, OpenValues open,
               boolean accountIsOpen) {
        this.parameters = template.path("Parameters");
        this.mappings = template.path("Mappings");
        this.resources = template.path("Resources");
        this.conditions = template.path("Conditions");
        this.context = context;
        this.bindings = Map.copyOf(bindings);
        this.open = open;
        this.accountIsOpen = accountIsOpen;
    }

    /**
     * A resolved value: intrinsics replaced by their values, and by tokens where values are open; a missing node
     * when the value is {@code AWS::NoValue}.
     *
     * @param ownAccountPlaceholder {@code AWS::AccountId} was read as {@link #OWN_ACCOUNT_PLACEHOLDER}
     * @param notes                 values resolved by an assumption worth saying ({@code Fn::GetAtt Role.Arn})
     */
    record Resolution(JsonNode value, boolean ownAccountPlaceholder, List<Assumption> notes) {
        Resolution {
            notes = List.copyOf(notes);
        }
    }

    OpenValues open() {
        return open;
    }

    /** Resolves {@code value}; an undecided condition not in {@code branches} makes its {@code Fn::If} open. */
    Resolution resolve(JsonNode value, Map<String, Boolean> branches) {
        Walk walk = new Walk(branches, false);
        JsonNode resolved = walk.walk(value);
        return new Resolution(resolved, walk.ownAccountPlaceholder, List.copyOf(walk.notes));
    }

    Resolution resolve(JsonNode value) {
        return resolve(value, Map.of());
    }

    /** The conditions of the {@code Fn::If}s inside {@code value} that the command line does not decide, sorted. */
    Set<String> undecidedConditions(JsonNode value) {
        Set<String> names = new TreeSet<>();
        collectIfs(value, names);
        names.removeIf(name -> condition(name, 0).isPresent());
        return names;
    }

    private static void collectIfs(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            JsonNode ifArgument = node.get("Fn::If");
            if (node.size() == 1 && ifArgument != null && ifArgument.path(0).isTextual()) {
                names.add(ifArgument.get(0).textValue());
            }
            node.forEach(child -> collectIfs(child, names));
        } else if (node.isArray()) {
            node.forEach(child -> collectIfs(child, names));
        }
    }

    static boolean isIntrinsic(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return false;
        }
        String name = node.fieldNames().next();
        return name.equals("Ref") || name.startsWith("Fn::");
    }

    /** Whether {@code node} holds no open value anywhere. */
    static boolean isExact(JsonNode node) {
        if (node.isTextual()) {
            return !OpenValues.hasToken(node.textValue());
        }
        for (JsonNode child : node) {
            if (!isExact(child)) {
                return false;
            }
        }
        return !node.isMissingNode();
    }

    /**
     * The value of a condition of the {@code Conditions} section when the command line and the template's literals
     * decide it: parameters count only when bound (a {@code Default} is one deployment among others), and
     * {@code AWS::AccountId} only when the account was given.
     */
    Optional<Boolean> condition(String name, int depth) {
        Optional<Boolean> known = decided.get(name);
        if (known != null) {
            return known;
        }
        if (depth > MAX_CONDITION_DEPTH) {
            return Optional.empty();
        }
        Optional<Boolean> value = conditionValue(conditions.path(name), depth + 1);
        decided.put(name, value);
        return value;
    }

    private Optional<Boolean> conditionValue(JsonNode node, int depth) {
        if (!node.isObject() || node.size() != 1) {
            return Optional.empty();
        }
        Map.Entry<String, JsonNode> call = node.properties().iterator().next();
        JsonNode argument = call.getValue();
        return switch (call.getKey()) {
            case "Condition" -> argument.isTextual() ? condition(argument.textValue(), depth) : Optional.empty();
            case "Fn::Equals" -> equalsCondition(argument);
            case "Fn::Not" -> conditionValue(argument.path(0), depth).map(v -> !v);
            case "Fn::And" -> combine(argument, depth, false);
            case "Fn::Or" -> combine(argument, depth, true);
            default -> Optional.empty();
        };
    }

    private Optional<Boolean> equalsCondition(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 2) {
            return Optional.empty();
        }
        Walk strict = new Walk(Map.of(), true);
        JsonNode left = strict.walk(argument.get(0));
        JsonNode right = strict.walk(argument.get(1));
        if (!isExact(left) || !isExact(right)) {
            return Optional.empty();
        }
        boolean scalar = left.isValueNode() && right.isValueNode();
        return Optional.of(scalar ? left.asText().equals(right.asText()) : left.equals(right));
    }

    /** {@code Fn::Or} ({@code any}) or {@code Fn::And}: decided as soon as one operand decides it. */
    private Optional<Boolean> combine(JsonNode operands, int depth, boolean any) {
        boolean allDecided = true;
        for (JsonNode operand : operands) {
            Optional<Boolean> value = conditionValue(operand, depth);
            if (value.isPresent() && value.get() == any) {
                return Optional.of(any);
            }
            allDecided &= value.isPresent();
        }
        return allDecided && !operands.isEmpty() ? Optional.of(!any) : Optional.empty();
    }

    /** One resolution: collects whether the own-account placeholder was used and the notes. */
    private final class Walk {
        private final Map<String, Boolean> branches;
        /** Conditions: parameters count only when bound, the account only when given. */
        private final boolean strict;
        private final Set<Assumption> notes = new LinkedHashSet<>();
        private boolean ownAccountPlaceholder;

        Walk(Map<String, Boolean> branches, boolean strict) {
            this.branches = branches;
            this.strict = strict;
        }

        /** The value of {@code node}; a missing node for {@code AWS::NoValue}, which removes its member or element. */
        JsonNode walk(JsonNode node) {
            if (isIntrinsic(node)) {
                Map.Entry<String, JsonNode> call = node.properties().iterator().next();
                return call(call.getKey(), call.getValue());
            }
            if (node.isArray()) {
                ArrayNode array = NODES.arrayNode();
                for (JsonNode element : node) {
                    JsonNode value = walk(element);
                    if (!value.isMissingNode()) {
                        array.add(value);
                    }
                }
                return array;
            }
            if (node.isObject()) {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    JsonNode value = walk(e.getValue());
                    if (!value.isMissingNode()) {
                        object.set(OpenValues.literal(e.getKey()), value);
                    }
                }
                return object;
            }
            if (node.isTextual()) {
                return NODES.textNode(OpenValues.literal(node.textValue()));
            }
            return node;
        }

        private JsonNode openValue(OpenValue value) {
            return NODES.textNode(open.token(value));
        }

        private JsonNode openValue(String reference, String name) {
            return openValue(OpenValue.of(reference, name));
        }

        private JsonNode call(String function, JsonNode argument) {
            return switch (function) {
                case "Ref" -> argument.isTextual() ? ref(argument.textValue())
                        : openValue("Ref with a non-string name", "Ref");
                case "Fn::Sub" -> sub(argument);
                case "Fn::Join" -> join(argument);
                case "Fn::Select" -> select(argument);
                case "Fn::Split" -> split(argument);
                case "Fn::FindInMap" -> findInMap(argument);
                case "Fn::GetAtt" -> getAtt(argument);
                case "Fn::If" -> ifBranch(argument);
                case "Fn::ImportValue" -> {
                    String export = display(walk(argument));
                    yield openValue("Fn::ImportValue " + export, export);
                }
                default -> openValue(function, function);
            };
        }

        private JsonNode ref(String name) {
            switch (name) {
                case "AWS::AccountId" -> {
                    if (context.accountId().isPresent()) {
                        return NODES.textNode(context.accountId().get());
                    }
                    if (strict || accountIsOpen) {
                        return openValue(OpenValue.of("Ref AWS::AccountId", "AWS::AccountId"));
                    }
                    ownAccountPlaceholder = true;
                    return NODES.textNode(OWN_ACCOUNT_PLACEHOLDER);
                }
                case "AWS::Partition" -> {
                    return NODES.textNode(context.partition());
                }
                case "AWS::URLSuffix" -> {
                    if (URL_SUFFIXES.containsKey(context.partition())) {
                        return NODES.textNode(URL_SUFFIXES.get(context.partition()));
                    }
                }
                case "AWS::NoValue" -> {
                    return NO_VALUE;
                }
                default -> {
                    // a parameter, a resource or another pseudo parameter
                }
            }
            if (name.startsWith("AWS::")) {
                return openValue("Ref " + name, name);
            }
            if (parameters.has(name)) {
                return parameter(name, parameters.get(name));
            }
            if (resources.has(name)) {
                return resourceName(name);
            }
            return openValue("Ref " + name + " (not declared in the template)", name);
        }

        private JsonNode parameter(String name, JsonNode declaration) {
            String type = declaration.path("Type").asText("");
            JsonNode bound = bindings.get(name);
            JsonNode value = bound != null ? bound : strict ? null : declaration.get("Default");
            if (type.startsWith("AWS::SSM::Parameter::")) {
                // The value of an SSM parameter type is the parameter's name; its value is read at deployment.
                String ssmName = value == null ? "" : " " + display(value);
                return openValue(OpenValue.of("Ref " + name, name)
                        .withNote("SSM parameter" + ssmName + ", read at deployment"));
            }
            if (value == null || value.isNull()) {
                return openValue(new OpenValue("Ref " + name, name, Optional.empty(),
                        texts(declaration.path("AllowedValues")),
                        Optional.ofNullable(declaration.path("AllowedPattern").textValue())));
            }
            if ((type.equals("CommaDelimitedList") || type.startsWith("List<")) && value.isValueNode()) {
                ArrayNode items = NODES.arrayNode();
                for (String item : value.asText().split(",", -1)) {
                    items.add(OpenValues.literal(item.strip()));
                }
                return items;
            }
            return value.isValueNode() ? NODES.textNode(bound != null ? value.asText()
                    : OpenValues.literal(value.asText())) : value;
        }

        /** {@code Ref} of an IAM role or user is its name: exact when the template sets it. */
        private JsonNode resourceName(String logicalId) {
            JsonNode resource = resources.get(logicalId);
            String property = switch (resource.path("Type").asText("")) {
                case CloudFormationRoles.IAM_ROLE -> "RoleName";
                case "AWS::IAM::User" -> "UserName";
                default -> "";
            };
            JsonNode name = property.isEmpty() ? NO_VALUE : walk(resource.path("Properties").path(property));
            return name.isTextual() && isExact(name) ? name : openValue("Ref " + logicalId, logicalId);
        }

        private JsonNode sub(JsonNode argument) {
            JsonNode template = argument;
            JsonNode variables = NODES.objectNode();
            if (argument.isArray() && argument.size() == 2 && argument.get(1).isObject()) {
                template = argument.get(0);
                variables = argument.get(1);
            }
            if (!template.isTextual()) {
                return openValue("Fn::Sub with an invalid argument", "Fn::Sub");
            }
            String text = OpenValues.literal(template.textValue());
            StringBuilder value = new StringBuilder();
            Matcher m = SUB_VARIABLE.matcher(text);
            int last = 0;
            while (m.find()) {
                value.append(text, last, m.start());
                last = m.end();
                String variable = m.group(1);
                if (variable.startsWith("!")) {
                    // ${!Name} writes a literal ${Name}
                    value.append("${").append(variable, 1, variable.length()).append('}');
                    continue;
                }
                JsonNode result = subVariable(variable.strip(), variables);
                value.append(result.isValueNode() ? result.asText()
                        : open.token(OpenValue.of("Fn::Sub variable " + variable + " (not a string)", variable)));
            }
            value.append(text.substring(last));
            return NODES.textNode(value.toString());
        }

        private JsonNode subVariable(String variable, JsonNode variables) {
            if (variables.has(variable)) {
                return walk(variables.get(variable));
            }
            if (variable.contains(".") && !variable.startsWith("AWS::")) {
                String[] parts = variable.split("\\.", 2);
                return getAtt(parts[0], parts[1]);
            }
            return ref(variable);
        }

        private JsonNode join(JsonNode argument) {
            if (!argument.isArray() || argument.size() != 2) {
                return openValue("Fn::Join with an invalid argument", "Fn::Join");
            }
            JsonNode delimiter = walk(argument.get(0));
            if (!delimiter.isTextual() || !isExact(delimiter)) {
                return openValue("Fn::Join with a delimiter known only at deployment", "Fn::Join");
            }
            JsonNode list = walk(argument.get(1));
            if (list.isTextual()) {
                // An open list, joined: one open string.
                return list;
            }
            if (!list.isArray()) {
                return openValue("Fn::Join of something that is not a list", "Fn::Join");
            }
            List<String> items = new ArrayList<>();
            for (JsonNode item : list) {
                if (!item.isValueNode()) {
                    return openValue("Fn::Join of a value that is not a string", "Fn::Join");
                }
                items.add(item.asText());
            }
            return NODES.textNode(String.join(delimiter.textValue(), items));
        }

        private JsonNode select(JsonNode argument) {
            if (!argument.isArray() || argument.size() != 2) {
                return openValue("Fn::Select with an invalid argument", "Fn::Select");
            }
            JsonNode index = walk(argument.get(0));
            JsonNode list = walk(argument.get(1));
            if (list.isTextual() && OpenValues.hasToken(list.textValue())) {
                // An element of an open list is as open as the list.
                return list;
            }
            if (!isExact(index)) {
                List<String> choices = list.isArray() && isExact(list) ? texts(list) : List.of();
                return openValue(new OpenValue("Fn::Select [" + display(index) + ", …]", "Fn::Select",
                        Optional.empty(), choices, Optional.empty()));
            }
            String position = index.asText();
            if (!position.matches("\\d{1,9}") || !list.isArray() || Integer.parseInt(position) >= list.size()) {
                return openValue("Fn::Select index " + position + " out of range", "Fn::Select");
            }
            return list.get(Integer.parseInt(position));
        }

        private JsonNode split(JsonNode argument) {
            if (!argument.isArray() || argument.size() != 2) {
                return openValue("Fn::Split with an invalid argument", "Fn::Split");
            }
            JsonNode delimiter = walk(argument.get(0));
            JsonNode source = walk(argument.get(1));
            if (!delimiter.isTextual() || !isExact(delimiter) || delimiter.textValue().isEmpty()
                    || !source.isValueNode()) {
                return openValue("Fn::Split of " + display(source), "Fn::Split");
            }
            String d = delimiter.textValue();
            String s = source.asText();
            if (OpenValues.hasToken(s) && d.chars().anyMatch(c -> Character.isDigit(c) || c >= OpenValues.START)) {
                return openValue("Fn::Split of " + display(source), "Fn::Split");
            }
            ArrayNode parts = NODES.arrayNode();
            for (String part : s.split(Pattern.quote(d), -1)) {
                parts.add(part);
            }
            return parts;
        }

        /** An entry of {@code Mappings}; with a key known only at deployment, one of the entries it could be. */
        private JsonNode findInMap(JsonNode argument) {
            if (!argument.isArray() || argument.size() < 3) {
                return openValue("Fn::FindInMap with an invalid argument", "Fn::FindInMap");
            }
            List<JsonNode> keys = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                keys.add(walk(argument.get(i)));
            }
            Optional<JsonNode> fallback = argument.size() > 3
                    ? Optional.of(walk(argument.get(3).path("DefaultValue"))).filter(v -> !v.isMissingNode())
                    : Optional.empty();
            String reference = "Fn::FindInMap [" + String.join(", ", keys.stream().map(this::display).toList()) + "]";
            List<JsonNode> candidates = new ArrayList<>(List.of(mappings));
            for (JsonNode key : keys) {
                List<JsonNode> next = new ArrayList<>();
                for (JsonNode level : candidates) {
                    if (isExact(key) && key.isValueNode()) {
                        JsonNode entry = level.path(key.asText());
                        if (!entry.isMissingNode()) {
                            next.add(entry);
                        }
                    } else {
                        level.forEach(next::add);
                    }
                }
                candidates = next;
            }
            fallback.ifPresent(candidates::add);
            boolean exactKeys = keys.stream().allMatch(k -> isExact(k) && k.isValueNode());
            if (exactKeys && candidates.size() == 1) {
                return candidates.getFirst().deepCopy();
            }
            if (candidates.isEmpty()) {
                return openValue(reference + " (no such entry in Mappings)", "Fn::FindInMap");
            }
            List<String> choices = candidates.stream().allMatch(JsonNode::isValueNode)
                    ? candidates.stream().map(JsonNode::asText).distinct().toList() : List.of();
            return openValue(new OpenValue(reference, "Fn::FindInMap", Optional.empty(), choices, Optional.empty()));
        }

        private JsonNode getAtt(JsonNode argument) {
            if (argument.isArray() && argument.size() == 2) {
                return getAtt(display(walk(argument.get(0))), display(walk(argument.get(1))));
            }
            String[] parts = argument.asText().split("\\.", 2);
            return getAtt(parts[0], parts.length > 1 ? parts[1] : "");
        }

        /** {@code Arn} of an IAM role or user of this template: in the template's own account. */
        private JsonNode getAtt(String logicalId, String attribute) {
            String reference = "Fn::GetAtt " + logicalId + "." + attribute;
            Optional<String[]> identity = attribute.equals("Arn") ? identity(logicalId) : Optional.empty();
            if (identity.isEmpty()) {
                return openValue(reference, logicalId + "." + attribute);
            }
            String account;
            if (context.accountId().isPresent()) {
                account = context.accountId().get();
            } else if (strict || accountIsOpen) {
                return openValue(reference, logicalId + "." + attribute);
            } else {
                ownAccountPlaceholder = true;
                account = OWN_ACCOUNT_PLACEHOLDER;
            }
            String kind = identity.get()[0];
            notes.add(new Assumption(reference, kind + " " + logicalId + " of the template's own account"));
            return NODES.textNode("arn:" + context.partition() + ":iam::" + account + ":" + kind + identity.get()[1]);
        }

        /**
         * {@code [role|user, path and name]} of an IAM role or user declared in this template (or the role SAM
         * creates for a function, {@code <Function>Role}). A generated name is shown as the logical id.
         */
        private Optional<String[]> identity(String logicalId) {
            JsonNode resource = resources.path(logicalId);
            String type = resource.path("Type").asText("");
            if (type.isEmpty() && logicalId.endsWith("Role")) {
                JsonNode function = resources.path(logicalId.substring(0, logicalId.length() - 4));
                if (function.path("Type").asText("").equals(CloudFormationRoles.SAM_FUNCTION)
                        && !function.path("Properties").has("Role")) {
                    return Optional.of(new String[] {"role", "/" + logicalId});
                }
            }
            String nameProperty = switch (type) {
                case CloudFormationRoles.IAM_ROLE -> "RoleName";
                case "AWS::IAM::User" -> "UserName";
                default -> "";
            };
            if (nameProperty.isEmpty()) {
                return Optional.empty();
            }
            JsonNode properties = resource.path("Properties");
            JsonNode name = walk(properties.path(nameProperty));
            JsonNode path = walk(properties.path("Path"));
            String exactPath = path.isTextual() && isExact(path) ? path.textValue() : "/";
            String exactName = name.isTextual() && isExact(name) ? name.textValue() : logicalId;
            return Optional.of(new String[] {type.equals(CloudFormationRoles.IAM_ROLE) ? "role" : "user",
                    exactPath + exactName});
        }

        private JsonNode ifBranch(JsonNode argument) {
            if (!argument.isArray() || argument.size() != 3 || !argument.get(0).isTextual()) {
                return openValue("Fn::If with an invalid argument", "Fn::If");
            }
            String name = argument.get(0).textValue();
            Optional<Boolean> value = condition(name, 0);
            if (value.isEmpty() && branches.containsKey(name)) {
                value = Optional.of(branches.get(name));
            }
            if (value.isEmpty()) {
                return openValue("Fn::If " + name, "Fn::If " + name);
            }
            return walk(argument.get(value.get() ? 1 : 2));
        }

        /** How a resolved value is shown in a reference. */
        private String display(JsonNode value) {
            if (value.isMissingNode()) {
                return "AWS::NoValue";
            }
            String text = value.isValueNode() ? value.asText() : value.toString();
            return OpenValues.render(text, index -> open.get(index).reference());
        }
    }

    private static List<String> texts(JsonNode list) {
        List<String> texts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode item : list) {
            if (item.isValueNode() && seen.add(item.asText())) {
                texts.add(item.asText());
            }
        }
        return texts;
    }
}
