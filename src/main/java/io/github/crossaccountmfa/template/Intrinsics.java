package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.rule.RoleContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsic functions inside one value (a trust policy, a tag) from what the template and
 * the command line say: pseudo parameters {@code AWS::AccountId}, {@code AWS::Partition}, {@code AWS::URLSuffix};
 * template parameters that have a {@code Default}; {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::Select},
 * {@code Fn::Split} and {@code Fn::FindInMap} over those. Whatever depends on the deployment (other resources,
 * exports, conditions, the region, SSM parameters) stays unresolved and is reported as a {@link Gap}, never guessed.
 */
final class Intrinsics {
    /**
     * Stands for the role's own account when no account was given: {@code ${AWS::AccountId}} in a template always
     * means the account the stack is deployed to, which is the role's own account.
     */
    static final String OWN_ACCOUNT_PLACEHOLDER = "000000000000";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Map<String, String> URL_SUFFIXES = Map.of(
            "aws", "amazonaws.com", "aws-us-gov", "amazonaws.com", "aws-cn", "amazonaws.com.cn",
            "aws-iso", "c2s.ic.gov", "aws-iso-b", "sc2s.sgov.gov");

    private final JsonNode parameters;
    private final JsonNode mappings;
    private final JsonNode resources;
    private final Optional<String> account;
    private final String partition;

    Intrinsics(JsonNode template, RoleContext context) {
        this.parameters = template.path("Parameters");
        this.mappings = template.path("Mappings");
        this.resources = template.path("Resources");
        this.account = context.accountId();
        this.partition = context.partition();
    }

    /**
     * A value the template alone cannot give.
     *
     * @param path      where, relative to the resolved value ({@code Statement[0].Principal.AWS})
     * @param reference what it depends on ({@code Fn::ImportValue Shared-AccountId}, {@code AWS::Region})
     */
    record Gap(String path, String reference) {
    }

    /**
     * A resolved value: intrinsics replaced by their values, and by placeholder text where there is a gap.
     *
     * @param ownAccountPlaceholder {@code AWS::AccountId} was read as {@link #OWN_ACCOUNT_PLACEHOLDER}
     */
    record Resolution(JsonNode value, List<Gap> gaps, boolean ownAccountPlaceholder) {
        Resolution {
            gaps = List.copyOf(gaps);
        }
    }

    Resolution resolve(JsonNode value) {
        Walk walk = new Walk();
        JsonNode resolved = walk.walk(value, "");
        return new Resolution(resolved, walk.gaps, walk.ownAccountPlaceholder);
    }

    /** The value of one intrinsic expression. */
    private sealed interface Result {
    }

    private record Known(JsonNode value) implements Result {
    }

    /**
     * {@code placeholder} is what is known, with {@code <name>} for the rest. It shows only where it cannot change the
     * verdict (a service principal, a Sid), and it is not {@code ${…}}, which IAM would read as a policy variable.
     */
    private record Unknown(String reference, String placeholder) implements Result {
        static Unknown of(String reference) {
            return new Unknown(reference, placeholder(reference));
        }

        static String placeholder(String name) {
            return "<" + name + ">";
        }
    }

    static boolean isIntrinsic(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return false;
        }
        String name = node.fieldNames().next();
        return name.equals("Ref") || name.startsWith("Fn::");
    }

    /** One resolution: collects the gaps and whether the own-account placeholder was used. */
    private final class Walk {
        private final List<Gap> gaps = new ArrayList<>();
        private boolean ownAccountPlaceholder;

        JsonNode walk(JsonNode node, String path) {
            if (isIntrinsic(node)) {
                return switch (evaluate(node)) {
                    case Known known -> known.value();
                    case Unknown unknown -> {
                        gaps.add(new Gap(path, unknown.reference()));
                        yield NODES.textNode(unknown.placeholder());
                    }
                };
            }
            if (node.isArray()) {
                ArrayNode array = NODES.arrayNode();
                for (int i = 0; i < node.size(); i++) {
                    array.add(walk(node.get(i), path + "[" + i + "]"));
                }
                return array;
            }
            if (node.isObject()) {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                    object.set(e.getKey(), walk(e.getValue(), child));
                }
                return object;
            }
            return node;
        }

        /** A value that must be fully known (a function's argument). */
        Result evaluate(JsonNode node) {
            if (isIntrinsic(node)) {
                Map.Entry<String, JsonNode> call = node.properties().iterator().next();
                return call(call.getKey(), call.getValue());
            }
            if (node.isArray()) {
                ArrayNode array = NODES.arrayNode();
                for (JsonNode element : node) {
                    Result result = evaluate(element);
                    if (result instanceof Unknown unknown) {
                        return unknown;
                    }
                    array.add(((Known) result).value());
                }
                return new Known(array);
            }
            if (node.isObject()) {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    Result result = evaluate(e.getValue());
                    if (result instanceof Unknown unknown) {
                        return unknown;
                    }
                    object.set(e.getKey(), ((Known) result).value());
                }
                return new Known(object);
            }
            return new Known(node);
        }

        private Result call(String function, JsonNode argument) {
            return switch (function) {
                case "Ref" -> argument.isTextual() ? ref(argument.textValue())
                        : Unknown.of("Ref with a non-string name");
                case "Fn::Sub" -> sub(argument);
                case "Fn::Join" -> join(argument);
                case "Fn::Select" -> select(argument);
                case "Fn::Split" -> split(argument);
                case "Fn::FindInMap" -> findInMap(argument);
                case "Fn::GetAtt" -> getAtt(argument);
                case "Fn::ImportValue" -> Unknown.of("Fn::ImportValue " + text(evaluate(argument)));
                case "Fn::If" -> Unknown.of("Fn::If " + (argument.isArray() ? argument.path(0).asText() : ""));
                default -> Unknown.of(function);
            };
        }

        private Result ref(String name) {
            if (name.equals("AWS::AccountId")) {
                if (account.isPresent()) {
                    return new Known(NODES.textNode(account.get()));
                }
                ownAccountPlaceholder = true;
                return new Known(NODES.textNode(OWN_ACCOUNT_PLACEHOLDER));
            }
            if (name.equals("AWS::Partition")) {
                return new Known(NODES.textNode(partition));
            }
            if (name.equals("AWS::URLSuffix") && URL_SUFFIXES.containsKey(partition)) {
                return new Known(NODES.textNode(URL_SUFFIXES.get(partition)));
            }
            if (name.startsWith("AWS::")) {
                return new Unknown(name, Unknown.placeholder(name));
            }
            if (parameters.has(name)) {
                return parameter(name, parameters.get(name));
            }
            if (resources.has(name)) {
                return new Unknown("resource " + name, Unknown.placeholder(name));
            }
            return new Unknown("Ref " + name + " (not declared in the template)", Unknown.placeholder(name));
        }

        private Result parameter(String name, JsonNode declaration) {
            String type = declaration.path("Type").asText("");
            JsonNode value = declaration.get("Default");
            if (type.startsWith("AWS::SSM::Parameter::")) {
                // The Default of an SSM parameter type is the parameter's name; its value is read at deployment.
                return new Unknown("parameter " + name + " (an SSM parameter)", Unknown.placeholder(name));
            }
            if (value == null || value.isNull()) {
                return new Unknown("parameter " + name + " (no Default)", Unknown.placeholder(name));
            }
            if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
                if (value.isArray()) {
                    return new Known(value);
                }
                ArrayNode items = NODES.arrayNode();
                for (String item : value.asText().split(",", -1)) {
                    items.add(item.strip());
                }
                return new Known(items);
            }
            return new Known(NODES.textNode(value.asText()));
        }

        private Result sub(JsonNode argument) {
            JsonNode template = argument;
            JsonNode variables = NODES.objectNode();
            if (argument.isArray() && argument.size() == 2 && argument.get(1).isObject()) {
                template = argument.get(0);
                variables = argument.get(1);
            }
            if (!template.isTextual()) {
                return Unknown.of("Fn::Sub with an invalid argument");
            }
            StringBuilder value = new StringBuilder();
            StringBuilder placeholder = new StringBuilder();
            Optional<String> firstGap = Optional.empty();
            Matcher m = SUB_VARIABLE.matcher(template.textValue());
            int last = 0;
            while (m.find()) {
                String literal = template.textValue().substring(last, m.start());
                value.append(literal);
                placeholder.append(literal);
                last = m.end();
                String variable = m.group(1);
                if (variable.startsWith("!")) {
                    // ${!Name} writes a literal ${Name}
                    value.append("${").append(variable, 1, variable.length()).append('}');
                    placeholder.append("${").append(variable, 1, variable.length()).append('}');
                    continue;
                }
                Result result = subVariable(variable.strip(), variables);
                if (result instanceof Known known && known.value().isValueNode()) {
                    value.append(known.value().asText());
                    placeholder.append(known.value().asText());
                } else {
                    Unknown unknown = result instanceof Unknown u ? u
                            : Unknown.of("Fn::Sub variable " + variable + " (a list, not a string)");
                    firstGap = firstGap.or(() -> Optional.of(unknown.reference()));
                    placeholder.append(unknown.placeholder());
                }
            }
            value.append(template.textValue().substring(last));
            placeholder.append(template.textValue().substring(last));
            return firstGap.<Result>map(reference -> new Unknown(reference, placeholder.toString()))
                    .orElseGet(() -> new Known(NODES.textNode(value.toString())));
        }

        private Result subVariable(String variable, JsonNode variables) {
            if (variables.has(variable)) {
                return evaluate(variables.get(variable));
            }
            if (variable.contains(".") && !variable.startsWith("AWS::")) {
                return new Unknown("Fn::GetAtt " + variable, Unknown.placeholder(variable));
            }
            return ref(variable);
        }

        private Result join(JsonNode argument) {
            if (!argument.isArray() || argument.size() != 2) {
                return Unknown.of("Fn::Join with an invalid argument");
            }
            Result delimiter = evaluate(argument.get(0));
            if (!(delimiter instanceof Known d) || !d.value().isTextual()) {
                return delimiter instanceof Unknown u ? u : Unknown.of("Fn::Join with an invalid delimiter");
            }
            List<Result> items = new ArrayList<>();
            if (argument.get(1).isArray()) {
                argument.get(1).forEach(item -> items.add(evaluate(item)));
            } else {
                Result list = evaluate(argument.get(1));
                if (!(list instanceof Known known) || !known.value().isArray()) {
                    return list instanceof Unknown u ? u : Unknown.of("Fn::Join of something that is not a list");
                }
                known.value().forEach(item -> items.add(new Known(item)));
            }
            return joined(d.value().textValue(), items);
        }

        private Result joined(String delimiter, List<Result> items) {
            List<String> values = new ArrayList<>();
            List<String> placeholders = new ArrayList<>();
            Optional<String> firstGap = Optional.empty();
            for (Result item : items) {
                switch (item) {
                    case Known known when known.value().isValueNode() -> {
                        values.add(known.value().asText());
                        placeholders.add(known.value().asText());
                    }
                    case Known known -> {
                        firstGap = firstGap.or(() -> Optional.of("Fn::Join of a value that is not a string"));
                        placeholders.add(Unknown.placeholder("…"));
                    }
                    case Unknown unknown -> {
                        firstGap = firstGap.or(() -> Optional.of(unknown.reference()));
                        placeholders.add(unknown.placeholder());
                    }
                }
            }
            return firstGap.<Result>map(reference -> new Unknown(reference, String.join(delimiter, placeholders)))
                    .orElseGet(() -> new Known(NODES.textNode(String.join(delimiter, values))));
        }

        /** The first of the arguments that is not known, if any. */
        private static Optional<Unknown> firstUnknown(Result... arguments) {
            for (Result argument : arguments) {
                if (argument instanceof Unknown unknown) {
                    return Optional.of(unknown);
                }
            }
            return Optional.empty();
        }

        private Result select(JsonNode argument) {
            if (!argument.isArray() || argument.size() != 2) {
                return Unknown.of("Fn::Select with an invalid argument");
            }
            Result index = evaluate(argument.get(0));
            Result list = evaluate(argument.get(1));
            Optional<Unknown> gap = firstUnknown(index, list);
            if (gap.isPresent()) {
                return gap.get();
            }
            JsonNode items = ((Known) list).value();
            String position = ((Known) index).value().asText();
            if (!position.matches("\\d{1,9}") || !items.isArray() || Integer.parseInt(position) >= items.size()) {
                return Unknown.of("Fn::Select index " + position + " out of range");
            }
            return new Known(items.get(Integer.parseInt(position)));
        }

        private Result split(JsonNode argument) {
            if (!argument.isArray() || argument.size() != 2) {
                return Unknown.of("Fn::Split with an invalid argument");
            }
            Result delimiter = evaluate(argument.get(0));
            Result source = evaluate(argument.get(1));
            Optional<Unknown> gap = firstUnknown(delimiter, source);
            if (gap.isPresent()) {
                return gap.get();
            }
            String d = ((Known) delimiter).value().asText();
            String s = ((Known) source).value().asText();
            ArrayNode parts = NODES.arrayNode();
            for (String part : s.split(Pattern.quote(d), -1)) {
                parts.add(part);
            }
            return d.isEmpty() ? Unknown.of("Fn::Split with an empty delimiter") : new Known(parts);
        }

        private Result findInMap(JsonNode argument) {
            if (!argument.isArray() || argument.size() < 3) {
                return Unknown.of("Fn::FindInMap with an invalid argument");
            }
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Result key = evaluate(argument.get(i));
                if (key instanceof Unknown u) {
                    return u;
                }
                keys.add(((Known) key).value().asText());
            }
            JsonNode value = mappings.path(keys.get(0)).path(keys.get(1)).path(keys.get(2));
            if (value.isMissingNode()) {
                return Unknown.of("Fn::FindInMap [" + String.join(", ", keys) + "] (no such entry in Mappings)");
            }
            return new Known(value.deepCopy());
        }

        private Result getAtt(JsonNode argument) {
            String target = argument.isArray()
                    ? String.join(".", List.of(text(evaluate(argument.path(0))), text(evaluate(argument.path(1)))))
                    : argument.asText();
            return new Unknown("Fn::GetAtt " + target, Unknown.placeholder(target));
        }

        private static String text(Result result) {
            return switch (result) {
                case Known known -> known.value().isValueNode() ? known.value().asText() : known.value().toString();
                case Unknown unknown -> unknown.placeholder();
            };
        }
    }
}
