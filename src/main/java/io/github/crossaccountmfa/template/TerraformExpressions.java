package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.rule.RoleContext;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates Terraform expressions into JSON values, as far as the configuration and the command line determine
 * them: literals, templates, {@code var.}, {@code local.}, {@code each.}, {@code count.}, {@code path.module},
 * {@code data.aws_caller_identity} (the own account), {@code data.aws_partition}, {@code data.aws_iam_policy_document}
 * ({@link TerraformPolicyDocument}), {@code aws_iam_role.x.arn} (a role of the configuration's own account),
 * {@code module.x.output}, for expressions and the common functions ({@link TerraformFunctions}). Whatever depends on
 * the deployment (a variable without a value, another resource's attribute, a data source read from AWS, a function
 * not evaluated here) becomes an {@link OpenValue} whose token stands in the value; it is never guessed.
 *
 * <p>A conditional {@code c ? a : b} whose condition the command line does not decide takes the branch this
 * evaluation was given for it ({@link #branches}); one it was not given is recorded in {@link #pending} so that the
 * caller evaluates again once per branch, like {@code Fn::If}. As for CloudFormation parameters, a root variable's
 * {@code default} gives a value but does not decide a condition: it is one deployment among others. Not
 * thread-safe: one instance per evaluation.
 */
final class TerraformExpressions {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 200;
    private static final Map<String, String> URL_SUFFIXES = Map.of(
            "aws", "amazonaws.com", "aws-us-gov", "amazonaws.com", "aws-cn", "amazonaws.com.cn",
            "aws-iso", "c2s.ic.gov", "aws-iso-b", "sc2s.sgov.gov");

    /** A Terraform error in the configuration (a missing attribute, an index out of range): {@code try} catches it. */
    static final class EvaluationError extends RuntimeException {
        EvaluationError(String message) {
            super(message, null, false, false);
        }
    }

    /** Where an expression is evaluated: a module instance and the names bound around it. */
    record Frame(TerraformInstance instance, Map<String, JsonNode> names) {
        Frame {
            names = Map.copyOf(names);
        }

        static Frame of(TerraformInstance instance) {
            return new Frame(instance, Map.of());
        }

        Frame with(String name, JsonNode value) {
            Map<String, JsonNode> more = new HashMap<>(names);
            more.put(name, value);
            return new Frame(instance, more);
        }
    }

    final RoleContext context;
    final OpenValues open;
    private final Map<String, Boolean> branches;
    /** Conditions met that the command line does not decide and this evaluation was given no branch for. */
    final Set<String> pending = new LinkedHashSet<>();
    final Set<Assumption> notes = new LinkedHashSet<>();
    /** Statement locations of the policy documents built, by their JSON text. */
    final Map<String, List<SourceLocation>> documentStatements = new HashMap<>();
    boolean ownAccountPlaceholder;
    private boolean strict;
    private int depth;
    private final Set<String> evaluating = new HashSet<>();
    private final TerraformFunctions functions = new TerraformFunctions(this);

    TerraformExpressions(RoleContext context, OpenValues open, Map<String, Boolean> branches) {
        this.context = context;
        this.open = open;
        this.branches = Map.copyOf(branches);
    }

    // ---- open values ----------------------------------------------------------------------------------------

    JsonNode openValue(OpenValue value) {
        return NODES.textNode(open.token(value));
    }

    JsonNode openValue(String reference, String name) {
        return openValue(OpenValue.of(reference, name));
    }

    JsonNode openValue(String reference, String name, String note) {
        return openValue(OpenValue.of(reference, name).withNote(note));
    }

    static boolean isWholeToken(JsonNode node) {
        if (!node.isTextual() || !OpenValues.hasToken(node.textValue())) {
            return false;
        }
        List<OpenValues.Segment> segments = OpenValues.segments(node.textValue());
        return segments.size() == 1 && segments.getFirst() instanceof OpenValues.Open;
    }

    static boolean isOpen(JsonNode node) {
        return !Intrinsics.isExact(node);
    }

    /** How a value is shown in a reference: open values by what they stand for. */
    String display(JsonNode value) {
        String text = value.isValueNode() ? value.asText() : value.toString();
        return OpenValues.render(text, index -> open.get(index).reference());
    }

    // ---- evaluation -----------------------------------------------------------------------------------------

    JsonNode evaluate(Hcl.Expr expr, Frame frame) {
        depth++;
        try {
            if (depth > MAX_DEPTH) {
                throw new EvaluationError("expressions nested too deeply at line " + expr.line());
            }
            return switch (expr) {
                case Hcl.Literal literal -> literal.value().isTextual()
                        ? NODES.textNode(OpenValues.literal(literal.value().textValue())) : literal.value();
                case Hcl.Template template -> template(template, frame);
                case Hcl.TupleExpr tuple -> {
                    ArrayNode array = NODES.arrayNode();
                    tuple.items().forEach(item -> array.add(evaluate(item, frame)));
                    yield array;
                }
                case Hcl.ObjectExpr object -> object(object, frame);
                case Hcl.Conditional conditional -> conditional(conditional, frame);
                case Hcl.Binary binary -> binary(binary, frame);
                case Hcl.Unary unary -> unary(unary, frame);
                case Hcl.Call call -> functions.call(call, frame);
                case Hcl.For forExpr -> forExpression(forExpr, frame);
                case Hcl.Splat splat -> splat(splat, frame);
                case Hcl.Variable variable -> reference(variable, frame);
                case Hcl.GetAttr attr -> reference(attr, frame);
                case Hcl.Index index -> reference(index, frame);
                case Hcl.Unsupported unsupported -> openValue(unsupported.text(), "expression",
                        unsupported.what() + ", line " + unsupported.line());
            };
        } finally {
            depth--;
        }
    }

    private JsonNode template(Hcl.Template template, Frame frame) {
        if (template.parts().size() == 1) {
            // "${x}" is x itself, of whatever type.
            return evaluate(template.parts().getFirst(), frame);
        }
        StringBuilder text = new StringBuilder();
        for (Hcl.Expr part : template.parts()) {
            JsonNode value = evaluate(part, frame);
            text.append(text(value, part));
        }
        return NODES.textNode(text.toString());
    }

    /** A value where Terraform needs a string: a template part, an object key, a function argument. */
    String text(JsonNode value, Hcl.Expr at) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.booleanValue());
        }
        if (value.isNull()) {
            throw new EvaluationError(at.text() + " is null where a string is needed (line " + at.line() + ")");
        }
        throw new EvaluationError(at.text() + " is a " + (value.isArray() ? "list" : "map")
                + " where a string is needed (line " + at.line() + ")");
    }

    private JsonNode object(Hcl.ObjectExpr object, Frame frame) {
        ObjectNode result = NODES.objectNode();
        for (Hcl.Item item : object.items()) {
            JsonNode key = evaluate(item.key(), frame);
            result.set(text(key, item.key()), evaluate(item.value(), frame));
        }
        return result;
    }

    /** The truth of a condition, when the command line decides it. */
    private Optional<Boolean> truth(JsonNode value) {
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) {
            return Optional.of(Boolean.parseBoolean(value.textValue()));
        }
        return Optional.empty();
    }

    /** A condition, evaluated strictly: root variables count only when bound. */
    private JsonNode condition(Hcl.Expr expr, Frame frame) {
        boolean was = strict;
        strict = true;
        try {
            return evaluate(expr, frame);
        } finally {
            strict = was;
        }
    }

    /** The name of an undecided condition: the open value it is, or its text in its module. */
    private String conditionName(Hcl.Expr expr, JsonNode value, Frame frame) {
        if (isWholeToken(value)) {
            return open.get(OpenValues.indexes(value.textValue()).getFirst()).reference();
        }
        String prefix = frame.instance().address();
        return (prefix.isEmpty() ? "" : prefix + ": ") + expr.text();
    }

    /** {@code c}, decided by the command line or by the branch this evaluation was given; else pending. */
    Optional<Boolean> decide(Hcl.Expr expr, Frame frame) {
        JsonNode value = condition(expr, frame);
        Optional<Boolean> known = truth(value);
        if (known.isPresent()) {
            return known;
        }
        if (!isOpen(value)) {
            throw new EvaluationError(expr.text() + " is not a boolean (line " + expr.line() + ")");
        }
        String name = conditionName(expr, value, frame);
        if (branches.containsKey(name)) {
            return Optional.of(branches.get(name));
        }
        pending.add(name);
        return Optional.empty();
    }

    private JsonNode conditional(Hcl.Conditional conditional, Frame frame) {
        Optional<Boolean> branch = decide(conditional.condition(), frame);
        if (branch.isEmpty()) {
            return openValue(conditional.text(), "conditional");
        }
        return evaluate(branch.get() ? conditional.whenTrue() : conditional.whenFalse(), frame);
    }

    private JsonNode binary(Hcl.Binary binary, Frame frame) {
        String op = binary.operator();
        if (op.equals("&&") || op.equals("||")) {
            boolean any = op.equals("||");
            Optional<Boolean> left = truth(evaluate(binary.left(), frame));
            if (left.isPresent() && left.get() == any) {
                return NODES.booleanNode(any);
            }
            Optional<Boolean> right = truth(evaluate(binary.right(), frame));
            if (right.isPresent() && right.get() == any) {
                return NODES.booleanNode(any);
            }
            return left.isPresent() && right.isPresent() ? NODES.booleanNode(!any)
                    : openValue(binary.text(), "condition");
        }
        JsonNode left = evaluate(binary.left(), frame);
        JsonNode right = evaluate(binary.right(), frame);
        if (isOpen(left) || isOpen(right)) {
            return openValue(binary.text(), op.matches("[-+*/%]") ? "number" : "condition");
        }
        return switch (op) {
            case "==" -> NODES.booleanNode(same(left, right));
            case "!=" -> NODES.booleanNode(!same(left, right));
            default -> arithmetic(op, number(left, binary.left()), number(right, binary.right()), binary);
        };
    }

    private static boolean same(JsonNode left, JsonNode right) {
        if (left.isNumber() && right.isNumber()) {
            return left.decimalValue().compareTo(right.decimalValue()) == 0;
        }
        return left.equals(right);
    }

    BigDecimal number(JsonNode value, Hcl.Expr at) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.textValue());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new EvaluationError(at.text() + " is not a number (line " + at.line() + ")");
    }

    private static JsonNode arithmetic(String op, BigDecimal left, BigDecimal right, Hcl.Binary at) {
        return switch (op) {
            case "+" -> NODES.numberNode(left.add(right));
            case "-" -> NODES.numberNode(left.subtract(right));
            case "*" -> NODES.numberNode(left.multiply(right));
            case "/", "%" -> {
                if (right.signum() == 0) {
                    throw new EvaluationError("division by zero in " + at.text() + " (line " + at.line() + ")");
                }
                yield NODES.numberNode(op.equals("/") ? left.divide(right, java.math.MathContext.DECIMAL64)
                        : left.remainder(right));
            }
            case "<" -> NODES.booleanNode(left.compareTo(right) < 0);
            case ">" -> NODES.booleanNode(left.compareTo(right) > 0);
            case "<=" -> NODES.booleanNode(left.compareTo(right) <= 0);
            case ">=" -> NODES.booleanNode(left.compareTo(right) >= 0);
            default -> throw new EvaluationError("unknown operator " + op + " (line " + at.line() + ")");
        };
    }

    private JsonNode unary(Hcl.Unary unary, Frame frame) {
        JsonNode operand = evaluate(unary.operand(), frame);
        if (isOpen(operand)) {
            return openValue(unary.text(), unary.operator().equals("!") ? "condition" : "number");
        }
        if (unary.operator().equals("!")) {
            return NODES.booleanNode(!truth(operand).orElseThrow(() -> new EvaluationError(unary.operand().text()
                    + " is not a boolean (line " + unary.line() + ")")));
        }
        return NODES.numberNode(number(operand, unary.operand()).negate());
    }

    /** The elements of a collection with their keys (index or map key); an open collection has none known. */
    Optional<List<Map.Entry<JsonNode, JsonNode>>> elements(JsonNode collection) {
        if (isWholeToken(collection)) {
            return Optional.empty();
        }
        List<Map.Entry<JsonNode, JsonNode>> entries = new ArrayList<>();
        if (collection.isArray()) {
            for (int i = 0; i < collection.size(); i++) {
                entries.add(Map.entry(NODES.numberNode(i), collection.get(i)));
            }
        } else if (collection.isObject()) {
            collection.properties().forEach(e -> entries.add(Map.entry(NODES.textNode(e.getKey()), e.getValue())));
        } else if (!collection.isNull()) {
            return Optional.empty();
        }
        return Optional.of(entries);
    }

    private JsonNode forExpression(Hcl.For expr, Frame frame) {
        JsonNode collection = evaluate(expr.collection(), frame);
        Optional<List<Map.Entry<JsonNode, JsonNode>>> elements = elements(collection);
        if (elements.isEmpty()) {
            return openValue(expr.text(), "for", "a for expression over " + display(collection));
        }
        ArrayNode tuple = NODES.arrayNode();
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<JsonNode, JsonNode> element : elements.get()) {
            Frame inner = frame.with(expr.valueVariable(), element.getValue());
            if (expr.keyVariable().isPresent()) {
                inner = inner.with(expr.keyVariable().get(), element.getKey());
            }
            if (expr.condition().isPresent()) {
                Optional<Boolean> keep = decide(expr.condition().get(), inner);
                if (keep.isEmpty()) {
                    return openValue(expr.text(), "for");
                }
                if (!keep.get()) {
                    continue;
                }
            }
            JsonNode value = evaluate(expr.value(), inner);
            if (expr.key().isEmpty()) {
                tuple.add(value);
            } else {
                String key = text(evaluate(expr.key().get(), inner), expr.key().get());
                if (expr.grouping()) {
                    JsonNode group = object.get(key);
                    (group == null ? object.putArray(key) : (ArrayNode) group).add(value);
                } else {
                    object.set(key, value);
                }
            }
        }
        return expr.key().isEmpty() ? tuple : object;
    }

    private JsonNode splat(Hcl.Splat splat, Frame frame) {
        JsonNode target = evaluate(splat.target(), frame);
        if (isWholeToken(target)) {
            return derived(target, splat.text().substring(Math.min(splat.text().length(),
                    splat.target().text().length())));
        }
        List<JsonNode> items = new ArrayList<>();
        if (target.isArray()) {
            target.forEach(items::add);
        } else if (!target.isNull()) {
            items.add(target);
        }
        ArrayNode result = NODES.arrayNode();
        for (JsonNode item : items) {
            JsonNode value = item;
            for (Hcl.Step step : splat.steps()) {
                value = step.attribute().isPresent() ? attribute(value, step.attribute().get(), splat)
                        : index(value, evaluate(step.index().orElseThrow(), frame), splat);
            }
            result.add(value);
        }
        return result;
    }

    /** An open value's part ({@code .account_id}, {@code ["key"]}): as open as the value. */
    JsonNode derived(JsonNode whole, String step) {
        OpenValue value = open.get(OpenValues.indexes(whole.textValue()).getFirst());
        OpenValue part = new OpenValue(value.reference() + step, value.name() + step, value.note(), List.of(),
                Optional.empty());
        return openValue(part);
    }

    JsonNode attribute(JsonNode value, String name, Hcl.Expr at) {
        if (isWholeToken(value)) {
            return derived(value, "." + name);
        }
        if (value.isObject() && value.has(name)) {
            return value.get(name);
        }
        throw new EvaluationError(at.text() + ": no attribute " + name + " (line " + at.line() + ")");
    }

    JsonNode index(JsonNode value, JsonNode key, Hcl.Expr at) {
        if (isWholeToken(value)) {
            return derived(value, "[" + (key.isTextual() ? "\"" + display(key) + "\"" : display(key)) + "]");
        }
        if (isOpen(key)) {
            return openValue(at.text(), "element", "an element chosen by " + display(key));
        }
        if (value.isArray()) {
            BigDecimal position = number(key, at);
            if (position.scale() > 0 || position.signum() < 0 || position.intValue() >= value.size()) {
                throw new EvaluationError(at.text() + ": index " + position + " out of range (line " + at.line()
                        + ")");
            }
            return value.get(position.intValue());
        }
        if (value.isObject()) {
            String name = text(key, at);
            if (value.has(name)) {
                return value.get(name);
            }
        }
        throw new EvaluationError(at.text() + ": no element " + display(key) + " (line " + at.line() + ")");
    }

    // ---- references -----------------------------------------------------------------------------------------

    /** A reference: its root name and the steps after it, with index keys as expressions. */
    private record Traversal(String root, List<Object> steps) {
    }

    private static Optional<Traversal> traversal(Hcl.Expr expr) {
        List<Object> steps = new ArrayList<>();
        Hcl.Expr at = expr;
        while (true) {
            switch (at) {
                case Hcl.Variable variable -> {
                    return Optional.of(new Traversal(variable.name(), steps.reversed()));
                }
                case Hcl.GetAttr attr -> {
                    steps.add(attr.name());
                    at = attr.target();
                }
                case Hcl.Index index -> {
                    steps.add(index.key());
                    at = index.target();
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
    }

    private JsonNode reference(Hcl.Expr expr, Frame frame) {
        Optional<Traversal> found = traversal(expr);
        if (found.isEmpty()) {
            // An attribute or index of something else: a function result, a literal.
            return switch (expr) {
                case Hcl.GetAttr attr -> attribute(evaluate(attr.target(), frame), attr.name(), attr);
                case Hcl.Index index -> index(evaluate(index.target(), frame), evaluate(index.key(), frame), index);
                default -> throw new IllegalStateException("not a reference: " + expr);
            };
        }
        Traversal traversal = found.get();
        String root = traversal.root();
        List<Object> steps = traversal.steps();
        if (frame.names().containsKey(root)) {
            return steps(frame.names().get(root), steps, 0, expr, frame);
        }
        return switch (root) {
            case "var" -> named(steps, expr, frame, this::variable);
            case "local" -> named(steps, expr, frame, this::local);
            case "path" -> named(steps, expr, frame, (name, f) -> path(name, f, expr));
            case "data" -> resourceLike(steps, expr, frame, true);
            case "module" -> moduleOutput(steps, expr, frame);
            case "each", "count", "self" -> throw new EvaluationError(expr.text() + " is used outside a block that "
                    + "sets it (line " + expr.line() + ")");
            case "terraform" -> openValue(expr.text(), "terraform.workspace", "chosen when Terraform runs");
            default -> root.contains("_") ? resourceLike(prepend(root, steps), expr, frame, false)
                    : openValue(expr.text() + " (not declared)", root);
        };
    }

    private static List<Object> prepend(String first, List<Object> rest) {
        List<Object> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private interface Lookup {
        JsonNode find(String name, Frame frame);
    }

    private JsonNode named(List<Object> steps, Hcl.Expr expr, Frame frame, Lookup lookup) {
        if (steps.isEmpty() || !(steps.getFirst() instanceof String name)) {
            throw new EvaluationError(expr.text() + " is not a valid reference (line " + expr.line() + ")");
        }
        return steps(lookup.find(name, frame), steps, 1, expr, frame);
    }

    private JsonNode steps(JsonNode value, List<Object> steps, int from, Hcl.Expr expr, Frame frame) {
        JsonNode current = value;
        for (int i = from; i < steps.size(); i++) {
            Object step = steps.get(i);
            current = step instanceof String name ? attribute(current, name, expr)
                    : index(current, evaluate((Hcl.Expr) step, frame), expr);
        }
        return current;
    }

    private JsonNode variable(String name, Frame frame) {
        TerraformInstance instance = frame.instance();
        Optional<TerraformModule.Declaration> declaration = Optional.ofNullable(instance.module().variables()
                .get(name));
        String reference = instance.qualified("var." + name);
        if (declaration.isEmpty()) {
            return openValue(reference + " (not declared)", name);
        }
        Hcl.Body body = declaration.get().body();
        Optional<Hcl.Expr> type = body.attribute("type").map(Hcl.Attribute::value);
        if (instance.caller().isPresent()) {
            Hcl.Expr argument = instance.arguments().get(name);
            if (argument != null) {
                return guarded("var " + reference, () -> evaluate(argument, instance.caller().get()));
            }
        } else if (instance.bound().containsKey(name)) {
            return TerraformVariables.typed(instance.bound().get(name), type);
        }
        Optional<Hcl.Attribute> fallback = body.attribute("default");
        // A child's default is certain (its caller does not set it); a root's is one deployment among others.
        if (fallback.isPresent() && (!strict || instance.caller().isPresent())) {
            return evaluate(fallback.get().value(), Frame.of(instance));
        }
        String note = fallback.isPresent() ? "its default is not assumed to be the deployed value"
                : "no default and no value given";
        return openValue(OpenValue.of(reference, name).withNote(note));
    }

    private JsonNode local(String name, Frame frame) {
        TerraformInstance instance = frame.instance();
        TerraformModule.Declaration declaration = instance.module().locals().get(name);
        if (declaration == null) {
            return openValue(instance.qualified("local." + name) + " (not declared)", name);
        }
        return guarded("local " + instance.qualified(name),
                () -> evaluate(declaration.attribute().orElseThrow().value(), Frame.of(instance)));
    }

    /** Evaluates with a guard against references that lead back to themselves. */
    JsonNode guarded(String key, java.util.function.Supplier<JsonNode> evaluation) {
        String full = key + (strict ? " strict" : "");
        if (!evaluating.add(full)) {
            throw new EvaluationError(key.substring(key.indexOf(' ') + 1) + " refers to itself");
        }
        try {
            return evaluation.get();
        } finally {
            evaluating.remove(full);
        }
    }

    private JsonNode path(String name, Frame frame, Hcl.Expr at) {
        TerraformInstance instance = frame.instance();
        return switch (name) {
            case "module" -> NODES.textNode(instance.modulePath());
            case "root", "cwd" -> NODES.textNode(".");
            default -> throw new EvaluationError(at.text() + ": no such path (line " + at.line() + ")");
        };
    }

    /** {@code data.TYPE.NAME...} or {@code TYPE.NAME...}. */
    private JsonNode resourceLike(List<Object> steps, Hcl.Expr expr, Frame frame, boolean data) {
        if (steps.size() < 2 || !(steps.get(0) instanceof String type) || !(steps.get(1) instanceof String name)) {
            throw new EvaluationError(expr.text() + " is not a valid reference (line " + expr.line() + ")");
        }
        TerraformInstance instance = frame.instance();
        TerraformModule.Declaration declaration = (data ? instance.module().data() : instance.module().resources())
                .get(type + "." + name);
        String address = (data ? "data." : "") + type + "." + name;
        if (declaration == null) {
            return openValue(instance.qualified(address) + " (not declared)", name);
        }
        int rest = 2;
        if (data) {
            switch (type) {
                case "aws_caller_identity" -> {
                    return steps(callerIdentity(expr), steps, rest, expr, frame);
                }
                case "aws_partition" -> {
                    ObjectNode partition = NODES.objectNode();
                    partition.put("partition", context.partition());
                    partition.put("id", context.partition());
                    partition.put("dns_suffix", URL_SUFFIXES.getOrDefault(context.partition(), "amazonaws.com"));
                    return steps(partition, steps, rest, expr, frame);
                }
                case "aws_iam_policy_document" -> {
                    JsonNode documents = guarded("data " + instance.qualified(address),
                            () -> TerraformPolicyDocument.instances(this, declaration, instance));
                    return steps(documents, steps, rest, expr, frame);
                }
                default -> {
                    return openValue(instance.qualified(expr.text()), name, "read from AWS when Terraform plans");
                }
            }
        }
        Optional<JsonNode> identity = identity(type, declaration, instance, expr);
        if (identity.isPresent()) {
            // count or for_each: the instance's index does not change the ARN the checker can know
            int after = rest;
            while (after < steps.size() && !(steps.get(after) instanceof String)) {
                after++;
            }
            return steps(identity.get(), steps, after, expr, frame);
        }
        return openValue(instance.qualified(expr.text()), type + "." + name, "known after apply");
    }

    private JsonNode callerIdentity(Hcl.Expr at) {
        ObjectNode identity = NODES.objectNode();
        if (context.accountId().isPresent()) {
            identity.put("account_id", context.accountId().get());
        } else {
            ownAccountPlaceholder = true;
            identity.put("account_id", Intrinsics.OWN_ACCOUNT_PLACEHOLDER);
        }
        identity.set("arn", openValue("data.aws_caller_identity.arn", "caller_arn",
                "the identity Terraform runs as"));
        identity.set("user_id", openValue("data.aws_caller_identity.user_id", "caller_user_id",
                "the identity Terraform runs as"));
        identity.set("id", identity.get("account_id"));
        return identity;
    }

    /**
     * {@code arn} and {@code name} of an {@code aws_iam_role} or {@code aws_iam_user} of this configuration: in
     * the account it is deployed to; a generated name is shown as the resource name.
     */
    private Optional<JsonNode> identity(String type, TerraformModule.Declaration declaration,
                                        TerraformInstance instance, Hcl.Expr at) {
        String kind = switch (type) {
            case "aws_iam_role" -> "role";
            case "aws_iam_user" -> "user";
            default -> "";
        };
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        String label = declaration.block().label(1);
        String name = exactAttribute(declaration, instance, "name").orElse(label);
        String path = exactAttribute(declaration, instance, "path").orElse("/");
        String account;
        if (context.accountId().isPresent()) {
            account = context.accountId().get();
        } else {
            ownAccountPlaceholder = true;
            account = Intrinsics.OWN_ACCOUNT_PLACEHOLDER;
        }
        notes.add(new Assumption(instance.qualified(type + "." + label + ".arn"), kind + " " + label
                + " of the configuration's own account"));
        ObjectNode identity = NODES.objectNode();
        identity.put("arn", "arn:" + context.partition() + ":iam::" + account + ":" + kind + path + name);
        identity.put("name", name);
        identity.put("path", path);
        return Optional.of(identity);
    }

    private Optional<String> exactAttribute(TerraformModule.Declaration declaration, TerraformInstance instance,
                                            String attribute) {
        Optional<Hcl.Attribute> found = declaration.body().attribute(attribute);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode value = evaluate(found.get().value(), Frame.of(instance));
            return value.isTextual() && !isOpen(value) ? Optional.of(value.textValue()) : Optional.empty();
        } catch (EvaluationError e) {
            // each.key and the like: not one name for every instance
            return Optional.empty();
        }
    }

    private JsonNode moduleOutput(List<Object> steps, Hcl.Expr expr, Frame frame) {
        if (steps.isEmpty() || !(steps.getFirst() instanceof String name)) {
            throw new EvaluationError(expr.text() + " is not a valid reference (line " + expr.line() + ")");
        }
        int at = 1;
        Optional<Hcl.Expr> key = Optional.empty();
        if (at < steps.size() && steps.get(at) instanceof Hcl.Expr index) {
            key = Optional.of(index);
            at++;
        }
        if (at >= steps.size() || !(steps.get(at) instanceof String output)) {
            return openValue(frame.instance().qualified(expr.text()), name, "a whole module");
        }
        TerraformModule.Declaration block = frame.instance().module().modules().get(name);
        if (block == null) {
            return openValue(frame.instance().qualified(expr.text()) + " (not declared)", output);
        }
        Optional<TerraformResourceInstances.Instances> instances = TerraformResourceInstances.expand(this,
                block.body(), Frame.of(frame.instance()), frame.instance().qualified("module." + name));
        int chosen = -1;
        if (instances.isPresent() && key.isPresent()) {
            JsonNode k = evaluate(key.get(), frame);
            chosen = isOpen(k) ? -1 : instances.get().keys().indexOf(text(k, key.get()));
        } else if (instances.isPresent() && instances.get().keyed().isEmpty()) {
            chosen = 0;
        }
        Optional<TerraformInstance> child = chosen < 0 ? Optional.empty() : frame.instance().child(name,
                instances.get().frames().get(chosen), instances.get().suffix().get(chosen));
        if (child.isEmpty()) {
            return openValue(frame.instance().qualified(expr.text()), output, "an output of a module that is not "
                    + "followed");
        }
        TerraformModule.Declaration declaration = child.get().module().outputs().get(output);
        if (declaration == null || declaration.body().attribute("value").isEmpty()) {
            throw new EvaluationError(expr.text() + ": module " + name + " has no output " + output + " (line "
                    + expr.line() + ")");
        }
        JsonNode value = guarded("output " + child.get().qualified(output),
                () -> evaluate(declaration.body().attribute("value").get().value(), Frame.of(child.get())));
        return steps(value, steps, at + 1, expr, frame);
    }

    // ---- JSON ---------------------------------------------------------------------------------------------

    static String json(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    static Path modulePath(Path root, Path directory) {
        return root.toAbsolutePath().normalize().relativize(directory.toAbsolutePath().normalize());
    }

    /** Sorted set semantics of {@code toset}: exact strings sorted, open ones after them in order. */
    static ArrayNode sortedSet(List<JsonNode> items) {
        Set<JsonNode> seen = new LinkedHashSet<>(items);
        List<JsonNode> exact = new ArrayList<>();
        List<JsonNode> rest = new ArrayList<>();
        for (JsonNode item : seen) {
            (item.isTextual() && !OpenValues.hasToken(item.textValue()) ? exact : rest).add(item);
        }
        exact.sort((a, b) -> a.textValue().compareTo(b.textValue()));
        ArrayNode out = NODES.arrayNode();
        exact.forEach(out::add);
        rest.forEach(out::add);
        return out;
    }

    static LinkedHashMap<String, JsonNode> fields(JsonNode object) {
        LinkedHashMap<String, JsonNode> fields = new LinkedHashMap<>();
        object.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        return fields;
    }
}
