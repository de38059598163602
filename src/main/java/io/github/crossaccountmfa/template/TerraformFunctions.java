package io.github.crossaccountmfa.template;

import static io.github.crossaccountmfa.template.TerraformExpressions.NODES;
import static io.github.crossaccountmfa.template.TerraformExpressions.isOpen;
import static io.github.crossaccountmfa.template.TerraformExpressions.isWholeToken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Terraform functions that trust policies are written with: {@code jsonencode}, {@code jsondecode},
 * {@code file}, {@code templatefile}, {@code format}, {@code formatlist}, {@code concat}, {@code flatten},
 * {@code distinct}, {@code compact}, {@code tolist}, {@code toset}, {@code tomap}, {@code tostring},
 * {@code merge}, {@code coalesce}, {@code try}, {@code can}, {@code length}, {@code join}, {@code split},
 * {@code lower}, {@code upper}, {@code element}, {@code lookup}, {@code keys}, {@code values}, {@code contains},
 * {@code one}, {@code trimspace}, {@code chomp}, {@code sensitive}. An open list argument stands for one element
 * (an open principal in a list of principals is that list's worst case). Any other function, and these where an
 * argument they need is open, give an open value named after the call.
 */
final class TerraformFunctions {
    /** Larger files are not read: a trust policy is at most a few kilobytes. */
    private static final long MAX_FILE = 1 << 20;

    private final TerraformExpressions evaluator;

    TerraformFunctions(TerraformExpressions evaluator) {
        this.evaluator = evaluator;
    }

    JsonNode call(Hcl.Call call, TerraformExpressions.Frame frame) {
        String name = call.name().toLowerCase(Locale.ROOT);
        if (name.equals("try") || name.equals("can")) {
            return attempt(call, frame, name.equals("can"));
        }
        List<JsonNode> arguments = new ArrayList<>();
        call.arguments().forEach(a -> arguments.add(evaluator.evaluate(a, frame)));
        if (call.expandFinal() && !arguments.isEmpty()) {
            JsonNode last = arguments.removeLast();
            if (!last.isArray()) {
                return opened(call);
            }
            last.forEach(arguments::add);
        }
        return switch (name) {
            case "jsonencode" -> one(arguments, call).map(v -> (JsonNode) NODES.textNode(TerraformExpressions.json(v)))
                    .orElseGet(() -> opened(call));
            case "jsondecode" -> jsondecode(arguments, call);
            case "file" -> file(arguments, call, frame);
            case "templatefile" -> templatefile(arguments, call, frame);
            case "format" -> format(arguments, call);
            case "formatlist" -> formatlist(arguments, call);
            case "concat", "flatten" -> list(arguments, name.equals("flatten"), false, false);
            case "distinct" -> list(arguments, false, true, false);
            case "compact" -> list(arguments, false, false, true);
            case "tolist" -> list(arguments, false, false, false);
            case "toset" -> TerraformExpressions.sortedSet(items(list(arguments, false, false, false)));
            case "merge" -> merge(arguments, call);
            case "coalesce" -> coalesce(arguments, call);
            case "length" -> length(arguments, call);
            case "join" -> join(arguments, call);
            case "split" -> split(arguments, call);
            case "lower", "upper", "trimspace", "chomp", "tostring" -> text(name, arguments, call);
            case "element" -> element(arguments, call);
            case "lookup" -> lookup(arguments, call);
            case "keys", "values" -> keysOrValues(arguments, call, name.equals("keys"));
            case "contains" -> contains(arguments, call);
            case "one" -> oneElement(arguments, call);
            case "tomap", "sensitive", "nonsensitive", "tonumber", "tobool" ->
                    one(arguments, call).orElseGet(() -> opened(call));
            default -> evaluator.openValue(call.text(), call.name() + "(…)",
                    "the function " + call.name() + " is not evaluated before deployment");
        };
    }

    private JsonNode opened(Hcl.Call call) {
        return evaluator.openValue(call.text(), call.name() + "(…)");
    }

    private static Optional<JsonNode> one(List<JsonNode> arguments, Hcl.Call call) {
        if (arguments.size() != 1) {
            throw new TerraformExpressions.EvaluationError(call.name() + " takes one argument (line " + call.line()
                    + ")");
        }
        return Optional.of(arguments.getFirst());
    }

    /** {@code try(a, b, …)}: the first that evaluates without error; {@code can(a)}: whether it does. */
    private JsonNode attempt(Hcl.Call call, TerraformExpressions.Frame frame, boolean can) {
        TerraformExpressions.EvaluationError last = null;
        for (Hcl.Expr argument : call.arguments()) {
            try {
                JsonNode value = evaluator.evaluate(argument, frame);
                if (isWholeToken(value) && !can) {
                    // An open value might fail at apply and fall through to the next: the result is open.
                    return opened(call);
                }
                return can ? NODES.booleanNode(true) : value;
            } catch (TerraformExpressions.EvaluationError e) {
                last = e;
            }
        }
        if (can) {
            return NODES.booleanNode(false);
        }
        throw last != null ? last : new TerraformExpressions.EvaluationError("try needs an argument (line "
                + call.line() + ")");
    }

    private JsonNode jsondecode(List<JsonNode> arguments, Hcl.Call call) {
        JsonNode text = one(arguments, call).orElseThrow();
        if (!text.isTextual() || isWholeToken(text)) {
            return opened(call);
        }
        try {
            return TerraformExpressions.JSON.readTree(text.textValue());
        } catch (JsonProcessingException e) {
            if (OpenValues.hasToken(text.textValue())) {
                return opened(call);
            }
            throw new TerraformExpressions.EvaluationError("jsondecode: not valid JSON (line " + call.line() + ")");
        }
    }

    /** A file named relative to the root module, read only inside the working directory or the root module. */
    private Optional<String> read(JsonNode path, Hcl.Call call, TerraformExpressions.Frame frame,
                                  List<JsonNode> reference) {
        if (!path.isTextual() || isOpen(path)) {
            reference.add(evaluator.openValue(call.text(), call.name() + "(…)", "a file named only at apply"));
            return Optional.empty();
        }
        Path root = frame.instance().root();
        Path file = root.resolve(path.textValue()).normalize();
        Path absolute = file.toAbsolutePath().normalize();
        Path workingDirectory = Path.of("").toAbsolutePath().normalize();
        if (!absolute.startsWith(workingDirectory) && !absolute.startsWith(root.toAbsolutePath().normalize())) {
            reference.add(evaluator.openValue(call.text(), call.name() + "(…)", "outside the working directory: "
                    + "not read"));
            return Optional.empty();
        }
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new TerraformExpressions.EvaluationError(call.name() + ": " + path.textValue()
                        + " is larger than 1 MB (line " + call.line() + ")");
            }
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (MalformedInputException e) {
            throw new TerraformExpressions.EvaluationError(call.name() + ": " + path.textValue()
                    + " is not UTF-8 text (line " + call.line() + ")");
        } catch (IOException e) {
            throw new TerraformExpressions.EvaluationError(call.name() + ": no such file " + path.textValue()
                    + " (line " + call.line() + ")");
        }
    }

    private JsonNode file(List<JsonNode> arguments, Hcl.Call call, TerraformExpressions.Frame frame) {
        List<JsonNode> open = new ArrayList<>();
        Optional<String> text = read(one(arguments, call).orElseThrow(), call, frame, open);
        return text.<JsonNode>map(t -> NODES.textNode(OpenValues.literal(t))).orElseGet(open::getFirst);
    }

    private JsonNode templatefile(List<JsonNode> arguments, Hcl.Call call, TerraformExpressions.Frame frame) {
        if (arguments.size() != 2) {
            throw new TerraformExpressions.EvaluationError("templatefile takes a path and variables (line "
                    + call.line() + ")");
        }
        List<JsonNode> open = new ArrayList<>();
        Optional<String> text = read(arguments.get(0), call, frame, open);
        if (text.isEmpty()) {
            return open.getFirst();
        }
        JsonNode variables = arguments.get(1);
        if (!variables.isObject()) {
            return opened(call);
        }
        Hcl.Expr template;
        try {
            template = TerraformSyntax.parseTemplate(text.get());
        } catch (TemplateException e) {
            throw new TerraformExpressions.EvaluationError("templatefile " + arguments.get(0).textValue() + ": "
                    + e.getMessage());
        }
        // A template sees only the variables passed to it (and the functions).
        TerraformExpressions.Frame inner = new TerraformExpressions.Frame(frame.instance(),
                TerraformExpressions.fields(variables));
        return evaluator.evaluate(template, inner);
    }

    private JsonNode format(List<JsonNode> arguments, Hcl.Call call) {
        if (arguments.isEmpty() || !arguments.getFirst().isTextual() || isOpen(arguments.getFirst())) {
            return opened(call);
        }
        String spec = arguments.getFirst().textValue();
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c != '%' || i + 1 >= spec.length()) {
                out.append(c);
                continue;
            }
            char verb = spec.charAt(++i);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (next >= arguments.size()) {
                throw new TerraformExpressions.EvaluationError("format: not enough arguments (line " + call.line()
                        + ")");
            }
            JsonNode value = arguments.get(next++);
            switch (verb) {
                case 's', 'd', 'v' -> out.append(value.isValueNode() ? evaluator.text(value, call)
                        : TerraformExpressions.json(value));
                case 'q' -> out.append(TerraformExpressions.json(NODES.textNode(evaluator.text(value, call))));
                default -> {
                    return opened(call);
                }
            }
        }
        return NODES.textNode(out.toString());
    }

    private JsonNode formatlist(List<JsonNode> arguments, Hcl.Call call) {
        int length = -1;
        for (int i = 1; i < arguments.size(); i++) {
            if (isWholeToken(arguments.get(i))) {
                return opened(call);
            }
            if (arguments.get(i).isArray()) {
                length = arguments.get(i).size();
            }
        }
        ArrayNode out = NODES.arrayNode();
        for (int n = 0; n < Math.max(length, 1); n++) {
            List<JsonNode> row = new ArrayList<>(List.of(arguments.getFirst()));
            for (int i = 1; i < arguments.size(); i++) {
                JsonNode argument = arguments.get(i);
                row.add(argument.isArray() ? argument.path(n) : argument);
            }
            out.add(format(row, call));
        }
        return out;
    }

    private static List<JsonNode> items(JsonNode list) {
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        return items;
    }

    /** Lists joined; an open argument stands for its elements (one open element). */
    private static JsonNode list(List<JsonNode> arguments, boolean flatten, boolean distinct, boolean compact) {
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode argument : arguments) {
            add(argument, items, flatten);
        }
        ArrayNode out = NODES.arrayNode();
        for (JsonNode item : items) {
            if (compact && (item.isNull() || (item.isTextual() && item.textValue().isEmpty()))) {
                continue;
            }
            if (distinct && items(out).contains(item)) {
                continue;
            }
            out.add(item);
        }
        return out;
    }

    private static void add(JsonNode value, List<JsonNode> items, boolean flatten) {
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (flatten && item.isArray()) {
                    add(item, items, true);
                } else {
                    items.add(item);
                }
            }
        } else if (value.isObject()) {
            value.forEach(items::add);
        } else if (!value.isNull()) {
            items.add(value);
        }
    }

    private JsonNode merge(List<JsonNode> arguments, Hcl.Call call) {
        ObjectNode out = NODES.objectNode();
        for (JsonNode argument : arguments) {
            if (argument.isNull()) {
                continue;
            }
            if (!argument.isObject()) {
                return opened(call);
            }
            out.setAll((ObjectNode) argument);
        }
        return out;
    }

    private JsonNode coalesce(List<JsonNode> arguments, Hcl.Call call) {
        for (JsonNode argument : arguments) {
            if (isOpen(argument)) {
                // It may be empty at apply, and the next taken instead.
                return opened(call);
            }
            if (!argument.isNull() && !(argument.isTextual() && argument.textValue().isEmpty())) {
                return argument;
            }
        }
        throw new TerraformExpressions.EvaluationError("coalesce: every argument is null or empty (line "
                + call.line() + ")");
    }

    private JsonNode length(List<JsonNode> arguments, Hcl.Call call) {
        JsonNode value = one(arguments, call).orElseThrow();
        if (isWholeToken(value) || (value.isContainerNode() && isOpen(value) && !value.isArray()
                && !value.isObject())) {
            return opened(call);
        }
        if (value.isTextual()) {
            return isOpen(value) ? opened(call) : NODES.numberNode(value.textValue().codePointCount(0,
                    value.textValue().length()));
        }
        return NODES.numberNode(value.size());
    }

    private JsonNode join(List<JsonNode> arguments, Hcl.Call call) {
        if (arguments.size() < 2 || !arguments.getFirst().isTextual()) {
            return opened(call);
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode list : arguments.subList(1, arguments.size())) {
            if (isWholeToken(list) || !list.isArray()) {
                return opened(call);
            }
            for (JsonNode item : list) {
                parts.add(evaluator.text(item, call));
            }
        }
        return NODES.textNode(String.join(arguments.getFirst().textValue(), parts));
    }

    private JsonNode split(List<JsonNode> arguments, Hcl.Call call) {
        if (arguments.size() != 2 || isOpen(arguments.get(0)) || isOpen(arguments.get(1))
                || !arguments.get(0).isTextual() || arguments.get(0).textValue().isEmpty()) {
            return opened(call);
        }
        ArrayNode out = NODES.arrayNode();
        for (String part : evaluator.text(arguments.get(1), call).split(
                java.util.regex.Pattern.quote(arguments.get(0).textValue()), -1)) {
            out.add(part);
        }
        return out;
    }

    private JsonNode text(String name, List<JsonNode> arguments, Hcl.Call call) {
        JsonNode value = one(arguments, call).orElseThrow();
        if (isWholeToken(value) && !name.equals("tostring")) {
            return opened(call);
        }
        String text = evaluator.text(value, call);
        return NODES.textNode(switch (name) {
            case "lower" -> text.toLowerCase(Locale.ROOT);
            case "upper" -> text.toUpperCase(Locale.ROOT);
            case "trimspace" -> text.strip();
            case "chomp" -> text.replaceFirst("(\r?\n)+$", "");
            default -> text;
        });
    }

    private JsonNode element(List<JsonNode> arguments, Hcl.Call call) {
        if (arguments.size() != 2 || !arguments.get(0).isArray() || isOpen(arguments.get(1))
                || arguments.get(0).isEmpty()) {
            return opened(call);
        }
        int index = evaluator.number(arguments.get(1), call).intValue();
        return arguments.get(0).get(Math.floorMod(index, arguments.get(0).size()));
    }

    private JsonNode lookup(List<JsonNode> arguments, Hcl.Call call) {
        if (arguments.size() < 2 || !arguments.get(0).isObject() || isOpen(arguments.get(1))) {
            return opened(call);
        }
        String key = evaluator.text(arguments.get(1), call);
        if (arguments.get(0).has(key)) {
            return arguments.get(0).get(key);
        }
        if (arguments.size() > 2) {
            return arguments.get(2);
        }
        throw new TerraformExpressions.EvaluationError("lookup: no key " + key + " (line " + call.line() + ")");
    }

    private JsonNode keysOrValues(List<JsonNode> arguments, Hcl.Call call, boolean keys) {
        JsonNode map = one(arguments, call).orElseThrow();
        if (!map.isObject()) {
            return opened(call);
        }
        ArrayNode out = NODES.arrayNode();
        // Terraform returns a map's keys (and their values) in lexical order.
        map.properties().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> out.add(keys ? NODES.textNode(e.getKey()) : e.getValue()));
        return out;
    }

    private JsonNode contains(List<JsonNode> arguments, Hcl.Call call) {
        if (arguments.size() != 2 || !arguments.get(0).isArray() || isOpen(arguments.get(0))
                || isOpen(arguments.get(1))) {
            return opened(call);
        }
        return NODES.booleanNode(items(arguments.get(0)).contains(arguments.get(1)));
    }

    private JsonNode oneElement(List<JsonNode> arguments, Hcl.Call call) {
        JsonNode list = one(arguments, call).orElseThrow();
        if (!list.isArray() || isOpen(list)) {
            return opened(call);
        }
        return switch (list.size()) {
            case 0 -> NODES.nullNode();
            case 1 -> list.get(0);
            default -> throw new TerraformExpressions.EvaluationError("one: more than one element (line "
                    + call.line() + ")");
        };
    }
}
