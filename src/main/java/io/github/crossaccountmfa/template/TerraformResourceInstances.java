package io.github.crossaccountmfa.template;

import static io.github.crossaccountmfa.template.TerraformExpressions.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instances a block's {@code count} or {@code for_each} makes: one without either, else one per index
 * ({@code [0]}) or key ({@code ["a"]}), each with its {@code count.index} or {@code each.key} / {@code each.value}.
 */
final class TerraformResourceInstances {
    /** More instances than this are not expanded: the block is then one instance with open values. */
    static final int MAX_INSTANCES = 256;

    private TerraformResourceInstances() {
    }

    /**
     * @param keyed  the instance keys ({@code count}: a list of indexes; {@code for_each}: a map), none without
     * @param keys   each instance's key as text ({@code "0"}, {@code "a"})
     * @param suffix each instance's address suffix ({@code [0]}, {@code ["a"]}, {@code ""})
     * @param frames where each instance's arguments are evaluated
     */
    record Instances(Optional<JsonNode> keyed, List<String> keys, List<String> suffix,
                     List<TerraformExpressions.Frame> frames) {
    }

    /** The instances of {@code body}'s block; empty when its {@code count} or {@code for_each} is open. */
    static Optional<Instances> expand(TerraformExpressions evaluator, Hcl.Body body, TerraformExpressions.Frame frame,
                                      String reference) {
        Optional<Hcl.Attribute> count = body.attribute("count");
        Optional<Hcl.Attribute> forEach = body.attribute("for_each");
        if (count.isEmpty() && forEach.isEmpty()) {
            return Optional.of(new Instances(Optional.empty(), List.of(""), List.of(""), List.of(frame)));
        }
        if (count.isPresent()) {
            JsonNode value = evaluator.evaluate(count.get().value(), frame);
            if (TerraformExpressions.isOpen(value) || !value.isNumber() && !value.isTextual()) {
                return Optional.empty();
            }
            BigDecimal n = evaluator.number(value, count.get().value());
            if (n.signum() < 0 || n.scale() > 0 && n.stripTrailingZeros().scale() > 0
                    || n.compareTo(BigDecimal.valueOf(MAX_INSTANCES)) > 0) {
                return Optional.empty();
            }
            ArrayNode indexes = NODES.arrayNode();
            List<String> keys = new ArrayList<>();
            List<String> suffix = new ArrayList<>();
            List<TerraformExpressions.Frame> frames = new ArrayList<>();
            for (int i = 0; i < n.intValue(); i++) {
                indexes.add(i);
                keys.add(Integer.toString(i));
                suffix.add("[" + i + "]");
                frames.add(frame.with("count", NODES.objectNode().put("index", i)));
            }
            return Optional.of(new Instances(Optional.of(indexes), keys, suffix, frames));
        }
        JsonNode collection = evaluator.evaluate(forEach.get().value(), frame);
        if (TerraformExpressions.isWholeToken(collection) || !(collection.isArray() || collection.isObject())
                || collection.size() > MAX_INSTANCES) {
            return Optional.empty();
        }
        ObjectNode keyed = NODES.objectNode();
        List<String> keys = new ArrayList<>();
        List<String> suffix = new ArrayList<>();
        List<TerraformExpressions.Frame> frames = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        if (collection.isArray()) {
            // A set of strings: each.key and each.value are the element.
            for (JsonNode element : TerraformExpressions.sortedSet(listOf(collection))) {
                if (!element.isTextual()) {
                    throw new TerraformExpressions.EvaluationError(reference + ": for_each needs a map or a set of "
                            + "strings");
                }
                entries.add(Map.entry(element.textValue(), element));
            }
        } else {
            // Terraform orders the instances of a map by key.
            collection.properties().stream().sorted(Map.Entry.comparingByKey()).forEach(entries::add);
        }
        for (Map.Entry<String, JsonNode> entry : entries) {
            ObjectNode each = NODES.objectNode();
            each.put("key", entry.getKey());
            each.set("value", entry.getValue());
            keyed.set(entry.getKey(), entry.getValue());
            keys.add(entry.getKey());
            suffix.add("[\"" + evaluator.display(NODES.textNode(entry.getKey())) + "\"]");
            frames.add(frame.with("each", each));
        }
        return Optional.of(new Instances(Optional.of(keyed), keys, suffix, frames));
    }

    private static List<JsonNode> listOf(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
