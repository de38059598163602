package io.github.crossaccountmfa.template;

import static io.github.crossaccountmfa.template.TerraformExpressions.NODES;
import static io.github.crossaccountmfa.template.TerraformExpressions.isOpen;
import static io.github.crossaccountmfa.template.TerraformExpressions.isWholeToken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code data "aws_iam_policy_document"} as the AWS provider translates it into the policy IAM receives
 * (registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document): {@code version}
 * (default {@code 2012-10-17}) and {@code policy_id}; each {@code statement} with {@code sid}, {@code effect}
 * (default {@code Allow}), {@code actions} / {@code not_actions}, {@code resources} / {@code not_resources},
 * {@code principals} / {@code not_principals} blocks ({@code type} and {@code identifiers}; blocks of one type
 * are merged, type {@code "*"} is {@code "Principal": "*"}) and {@code condition} blocks ({@code test},
 * {@code variable}, {@code values}; two blocks with the same test and variable merge their values, which then
 * match either). {@code dynamic} blocks are expanded over their {@code for_each}. {@code source_policy_documents}
 * come first, then this document's statements, then {@code override_policy_documents}: a statement with a
 * {@code sid} replaces an earlier one with the same {@code sid}, as the provider merges them (its legacy
 * {@code source_json} and {@code override_json} the same way).
 */
final class TerraformPolicyDocument {
    private final TerraformExpressions evaluator;
    private final TerraformModule.Declaration declaration;
    private final String reference;

    private TerraformPolicyDocument(TerraformExpressions evaluator, TerraformModule.Declaration declaration,
                                    String reference) {
        this.evaluator = evaluator;
        this.declaration = declaration;
        this.reference = reference;
    }

    /** The data source's value: one object, a list (with {@code count}) or a map (with {@code for_each}). */
    static JsonNode instances(TerraformExpressions evaluator, TerraformModule.Declaration declaration,
                              TerraformInstance instance) {
        String reference = instance.qualified("data.aws_iam_policy_document." + declaration.block().label(1));
        TerraformPolicyDocument document = new TerraformPolicyDocument(evaluator, declaration, reference);
        TerraformExpressions.Frame frame = TerraformExpressions.Frame.of(instance);
        return TerraformResourceInstances.expand(evaluator, declaration.body(), frame, reference)
                .map(instances -> {
                    if (instances.keyed().isEmpty()) {
                        return document.build(instances.frames().getFirst());
                    }
                    JsonNode keys = instances.keyed().get();
                    if (keys.isArray()) {
                        ArrayNode list = NODES.arrayNode();
                        instances.frames().forEach(f -> list.add(document.build(f)));
                        return (JsonNode) list;
                    }
                    ObjectNode map = NODES.objectNode();
                    for (int i = 0; i < instances.frames().size(); i++) {
                        map.set(instances.keys().get(i), document.build(instances.frames().get(i)));
                    }
                    return (JsonNode) map;
                })
                .orElseGet(() -> evaluator.openValue(reference, declaration.block().label(1),
                        "its count or for_each is known only at apply"));
    }

    private JsonNode build(TerraformExpressions.Frame frame) {
        Hcl.Body body = declaration.body();
        List<Statement> statements = new ArrayList<>();
        Optional<String> version = Optional.empty();
        Optional<String> id = Optional.empty();
        for (String attribute : List.of("source_policy_documents", "source_json")) {
            Optional<JsonNode> failed = merge(body, attribute, frame, statements);
            if (failed.isPresent()) {
                return object(failed.get());
            }
        }
        List<Statement> own = new ArrayList<>();
        for (Framed block : expanded(body, "statement", frame)) {
            own.add(statement(block));
        }
        mergeInto(statements, own);
        for (String attribute : List.of("override_policy_documents", "override_json")) {
            Optional<JsonNode> failed = merge(body, attribute, frame, statements);
            if (failed.isPresent()) {
                return object(failed.get());
            }
        }
        JsonNode versionValue = attribute(body, "version", frame).orElse(NODES.textNode("2012-10-17"));
        ObjectNode policy = NODES.objectNode();
        policy.set("Version", versionValue);
        attribute(body, "policy_id", frame).ifPresent(v -> policy.set("Id", v));
        ArrayNode list = policy.putArray("Statement");
        List<SourceLocation> locations = new ArrayList<>();
        for (Statement statement : statements) {
            list.add(statement.json());
            locations.add(statement.location().orElse(new SourceLocation(declaration.file(),
                    declaration.block().line())));
        }
        String text = TerraformExpressions.json(policy);
        evaluator.documentStatements.put(text, locations);
        return object(NODES.textNode(text));
    }

    private static JsonNode object(JsonNode json) {
        ObjectNode value = NODES.objectNode();
        value.set("json", json);
        value.set("minified_json", json);
        return value;
    }

    /** A statement and the line of its block (none for one from another document). */
    private record Statement(Optional<String> sid, JsonNode json, Optional<SourceLocation> location) {
    }

    /** The provider's merge: a statement with a sid replaces the earlier one with that sid; others are appended. */
    private static void mergeInto(List<Statement> statements, List<Statement> more) {
        for (Statement statement : more) {
            int existing = -1;
            for (int i = 0; i < statements.size() && statement.sid().isPresent(); i++) {
                if (statements.get(i).sid().equals(statement.sid())) {
                    existing = i;
                    break;
                }
            }
            if (existing >= 0) {
                statements.set(existing, statement);
            } else {
                statements.add(statement);
            }
        }
    }

    /** Merges the documents of a {@code source_…} or {@code override_…} attribute; an open one is returned. */
    private Optional<JsonNode> merge(Hcl.Body body, String attribute, TerraformExpressions.Frame frame,
                                     List<Statement> statements) {
        Optional<JsonNode> value = attribute(body, attribute, frame);
        if (value.isEmpty() || value.get().isNull()) {
            return Optional.empty();
        }
        List<JsonNode> documents = new ArrayList<>();
        if (value.get().isArray()) {
            value.get().forEach(documents::add);
        } else {
            documents.add(value.get());
        }
        for (JsonNode document : documents) {
            JsonNode parsed = null;
            if (document.isTextual() && !isWholeToken(document)) {
                try {
                    parsed = TerraformExpressions.JSON.readTree(document.textValue());
                } catch (JsonProcessingException e) {
                    parsed = null;
                }
            }
            if (parsed == null || !parsed.isObject()) {
                return Optional.of(evaluator.openValue(reference + ".json", declaration.block().label(1),
                        "its " + attribute + " are known only at apply"));
            }
            List<Statement> more = new ArrayList<>();
            JsonNode list = parsed.path("Statement");
            for (JsonNode statement : list.isArray() ? list : List.of(list)) {
                more.add(new Statement(Optional.ofNullable(statement.path("Sid").textValue())
                        .filter(s -> !s.isEmpty()), statement, Optional.empty()));
            }
            mergeInto(statements, more);
        }
        return Optional.empty();
    }

    private Optional<JsonNode> attribute(Hcl.Body body, String name, TerraformExpressions.Frame frame) {
        return body.attribute(name).map(a -> evaluator.evaluate(a.value(), frame));
    }

    /**
     * A block to translate, with the frame it is evaluated in (a {@code dynamic} block's content once per element,
     * with its iterator bound), or the open value that stands for the blocks of a {@code dynamic} block whose
     * {@code for_each} is known only at apply.
     */
    private record Framed(Hcl.Block block, TerraformExpressions.Frame frame, Optional<JsonNode> open) {
    }

    /** The blocks of a type: each literal block, and each element of a {@code dynamic} one. */
    private List<Framed> expanded(Hcl.Body body, String type, TerraformExpressions.Frame frame) {
        List<Framed> out = new ArrayList<>();
        for (Hcl.Block block : body.blocks()) {
            if (block.type().equals(type)) {
                out.add(new Framed(block, frame, Optional.empty()));
            } else if (block.type().equals("dynamic") && block.label(0).equals(type)) {
                out.addAll(dynamic(block, frame));
            }
        }
        return out;
    }

    private List<Framed> dynamic(Hcl.Block block, TerraformExpressions.Frame frame) {
        String type = block.label(0);
        String iterator = block.body().attribute("iterator")
                .map(a -> a.value() instanceof Hcl.Variable v ? v.name() : a.value().text()).orElse(type);
        Optional<Hcl.Block> content = block.body().blocks("content").stream().findFirst();
        Optional<Hcl.Attribute> forEach = block.body().attribute("for_each");
        if (content.isEmpty() || forEach.isEmpty()) {
            throw new TerraformExpressions.EvaluationError("dynamic \"" + type + "\" needs for_each and content (line "
                    + block.line() + ")");
        }
        JsonNode collection = evaluator.evaluate(forEach.get().value(), frame);
        Optional<List<Map.Entry<JsonNode, JsonNode>>> elements = evaluator.elements(collection);
        if (elements.isEmpty()) {
            return List.of(new Framed(block, frame, Optional.of(evaluator.openValue("dynamic \"" + type
                    + "\" (for_each = " + evaluator.display(collection) + ")", "dynamic " + type,
                    "how many blocks, and what is in them, is known only at apply"))));
        }
        List<Framed> out = new ArrayList<>();
        for (Map.Entry<JsonNode, JsonNode> element : elements.get()) {
            ObjectNode each = NODES.objectNode();
            each.set("key", element.getKey());
            each.set("value", element.getValue());
            out.add(new Framed(content.get(), frame.with(iterator, each), Optional.empty()));
        }
        return out;
    }

    private Statement statement(Framed framed) {
        TerraformExpressions.Frame frame = framed.frame();
        SourceLocation location = new SourceLocation(declaration.file(), framed.block().line());
        if (framed.open().isPresent()) {
            return new Statement(Optional.empty(), framed.open().get(), Optional.of(location));
        }
        Hcl.Body body = framed.block().body();
        ObjectNode statement = NODES.objectNode();
        Optional<JsonNode> sid = attribute(body, "sid", frame).filter(s -> !s.isNull());
        sid.ifPresent(s -> statement.set("Sid", s));
        statement.set("Effect", attribute(body, "effect", frame).filter(e -> !e.isNull())
                .orElse(NODES.textNode("Allow")));
        for (String[] names : new String[][] {{"actions", "Action"}, {"not_actions", "NotAction"},
                {"resources", "Resource"}, {"not_resources", "NotResource"}}) {
            attribute(body, names[0], frame).filter(v -> !v.isNull()).ifPresent(v -> {
                ArrayNode list = NODES.arrayNode();
                addAll(list, v);
                if (!list.isEmpty()) {
                    // the provider leaves an empty list out
                    statement.set(names[1], list);
                }
            });
        }
        principals(body, "principals", "Principal", frame, statement);
        principals(body, "not_principals", "NotPrincipal", frame, statement);
        conditions(body, frame, statement);
        Optional<String> sidText = sid.filter(JsonNode::isTextual).map(JsonNode::textValue)
                .filter(s -> !s.isEmpty());
        return new Statement(sidText, statement, Optional.of(location));
    }

    private void principals(Hcl.Body body, String type, String element, TerraformExpressions.Frame frame,
                            ObjectNode statement) {
        List<Framed> blocks = expanded(body, type, frame);
        if (blocks.isEmpty()) {
            return;
        }
        ObjectNode principal = NODES.objectNode();
        for (Framed framed : blocks) {
            if (framed.open().isPresent()) {
                statement.set(element, framed.open().get());
                return;
            }
            Hcl.Block block = framed.block();
            TerraformExpressions.Frame inner = framed.frame();
            JsonNode kind = attribute(block.body(), "type", inner).orElse(NODES.nullNode());
            JsonNode identifiers = attribute(block.body(), "identifiers", inner).orElse(NODES.arrayNode());
            if (!kind.isTextual() || isOpen(kind)) {
                statement.set(element, kind.isTextual() ? kind : evaluator.openValue(block.body().attribute("type")
                        .map(a -> a.value().text()).orElse(type), "principal type"));
                return;
            }
            if (kind.textValue().equals("*")) {
                statement.put(element, "*");
                return;
            }
            ArrayNode list = principal.has(kind.textValue()) ? (ArrayNode) principal.get(kind.textValue())
                    : principal.putArray(kind.textValue());
            addAll(list, identifiers);
        }
        // An empty identifiers list admits nobody (the provider writes it as an empty list): left out.
        List<String> empty = new ArrayList<>();
        principal.properties().forEach(e -> {
            if (e.getValue().isEmpty()) {
                empty.add(e.getKey());
            }
        });
        principal.remove(empty);
        if (!principal.isEmpty()) {
            statement.set(element, principal);
        }
    }

    /** Adds values; {@code &{aws:username}} becomes the policy variable {@code ${aws:username}}, as the provider does. */
    private static void addAll(ArrayNode list, JsonNode values) {
        for (JsonNode value : values.isArray() ? values : values.isNull() ? NODES.arrayNode() : List.of(values)) {
            list.add(value.isTextual() ? NODES.textNode(value.textValue().replace("&{", "${")) : value);
        }
    }

    private void conditions(Hcl.Body body, TerraformExpressions.Frame frame, ObjectNode statement) {
        List<Framed> blocks = expanded(body, "condition", frame);
        if (blocks.isEmpty()) {
            return;
        }
        ObjectNode conditions = NODES.objectNode();
        for (Framed framed : blocks) {
            if (framed.open().isPresent()) {
                statement.set("Condition", framed.open().get());
                return;
            }
            Hcl.Block block = framed.block();
            TerraformExpressions.Frame inner = framed.frame();
            JsonNode test = attribute(block.body(), "test", inner).orElse(NODES.nullNode());
            JsonNode variable = attribute(block.body(), "variable", inner).orElse(NODES.nullNode());
            JsonNode values = attribute(block.body(), "values", inner).orElse(NODES.arrayNode());
            if (!test.isTextual() || !variable.isTextual()) {
                throw new TerraformExpressions.EvaluationError("a condition needs test and variable (line "
                        + block.line() + ")");
            }
            ObjectNode byKey = conditions.has(test.textValue()) ? (ObjectNode) conditions.get(test.textValue())
                    : conditions.putObject(test.textValue());
            ArrayNode list = byKey.has(variable.textValue()) ? (ArrayNode) byKey.get(variable.textValue())
                    : byKey.putArray(variable.textValue());
            addAll(list, values);
        }
        statement.set("Condition", conditions);
    }
}
