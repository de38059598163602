package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.input.Excerpt;
import java.io.StringReader;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation or SAM template written in YAML into its JSON form, the way CloudFormation does: the
 * short-form intrinsics become their long form ({@code !Ref x} → {@code {"Ref": "x"}}, {@code !GetAtt a.b} →
 * {@code {"Fn::GetAtt": ["a", "b"]}}, {@code !Sub …} → {@code {"Fn::Sub": …}}, any other {@code !Name} →
 * {@code {"Fn::Name": …}}).
 *
 * <p>Scalars stay text except booleans and null: IAM reads policy values as strings, and an unquoted account id
 * must keep its leading zeros. Works on SnakeYAML's node graph (not its object constructor) to keep each value's line.
 */
final class CloudFormationYaml {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final int MAX_DEPTH = 500;
    /** Aliases can multiply a small file into a huge tree ("billion laughs"); real templates use few or none. */
    private static final int MAX_REPEATED_NODES = 100_000;
    private static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

    private final Map<String, Integer> lines = new HashMap<>();
    private final Set<Node> converted = Collections.newSetFromMap(new IdentityHashMap<>());
    private int repeatedNodes;

    private CloudFormationYaml() {
    }

    /** @throws TemplateException when the text is not one YAML document, naming the line */
    static LocatedTree read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            String context = e.getContext() == null ? "" : e.getContext() + ", ";
            throw new TemplateException("not valid YAML: " + context + e.getProblem() + where(e.getProblemMark()));
        } catch (YAMLException e) {
            throw new TemplateException("not valid YAML: " + limit(e.getMessage()));
        }
        if (root == null) {
            throw new TemplateException("the file is empty");
        }
        CloudFormationYaml reader = new CloudFormationYaml();
        JsonNode json = reader.convert(root, JsonPointer.empty(), 0);
        return new LocatedTree(json, reader.lines);
    }

    /** SnakeYAML's limits in this tool's words; other messages as SnakeYAML words them, without a position. */
    private static String limit(String message) {
        String text = message == null ? "" : message;
        if (text.startsWith("Number of aliases")) {
            return "more than " + new LoaderOptions().getMaxAliasesForCollections() + " aliases of lists or maps (an "
                    + "alias bomb?): templates need few or none";
        }
        if (text.startsWith("Nesting Depth exceeded")) {
            return "nested deeper than " + new LoaderOptions().getNestingDepthLimit() + " levels";
        }
        if (text.startsWith("The incoming YAML document exceeds the limit")) {
            return "longer than " + MAX_CODE_POINTS + " characters";
        }
        return Excerpt.shorten(text, 200);
    }

    private static String where(Mark mark) {
        return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private JsonNode convert(Node node, JsonPointer at, int depth) {
        if (depth > MAX_DEPTH) {
            throw new TemplateException("YAML nested too deeply (recursive alias?) at line " + line(node));
        }
        if (!converted.add(node) && ++repeatedNodes > MAX_REPEATED_NODES) {
            throw new TemplateException("YAML aliases expand to more than " + MAX_REPEATED_NODES + " values");
        }
        lines.putIfAbsent(at.toString(), line(node));
        String tag = node.getTag().getValue();
        // Local tags (!Ref, !Sub, …) are CloudFormation's short forms; standard tags are tag:yaml.org,2002:…
        if (tag.startsWith("!")) {
            return intrinsic(tag.substring(1), node, at, depth);
        }
        return plain(node, at, depth);
    }

    private JsonNode intrinsic(String name, Node node, JsonPointer at, int depth) {
        String key = switch (name) {
            case "Ref", "Condition" -> name;
            default -> "Fn::" + name;
        };
        JsonNode argument = plain(node, at.appendProperty(key), depth);
        if (name.equals("GetAtt") && argument.isTextual()) {
            // !GetAtt Resource.Attribute; the attribute itself may contain dots (Endpoint.Address).
            String[] parts = argument.textValue().split("\\.", 2);
            ArrayNode pair = NODES.arrayNode().add(parts[0]);
            argument = parts.length == 2 ? pair.add(parts[1]) : pair;
        }
        return NODES.objectNode().set(key, argument);
    }

    private JsonNode plain(Node node, JsonPointer at, int depth) {
        return switch (node) {
            case ScalarNode scalar -> scalar(scalar);
            case SequenceNode sequence -> sequence(sequence, at, depth);
            case MappingNode mapping -> mapping(mapping, at, depth);
            default -> throw new TemplateException("unsupported YAML node at line " + line(node));
        };
    }

    private static JsonNode scalar(ScalarNode scalar) {
        if (Tag.NULL.equals(scalar.getTag())) {
            return NODES.nullNode();
        }
        if (Tag.BOOL.equals(scalar.getTag())) {
            return NODES.booleanNode(TRUE.contains(scalar.getValue().toLowerCase(Locale.ROOT)));
        }
        return NODES.textNode(scalar.getValue());
    }

    private JsonNode sequence(SequenceNode sequence, JsonPointer at, int depth) {
        ArrayNode array = NODES.arrayNode();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            array.add(convert(items.get(i), at.appendIndex(i), depth + 1));
        }
        return array;
    }

    private JsonNode mapping(MappingNode mapping, JsonPointer at, int depth) {
        ObjectNode object = NODES.objectNode();
        for (NodeTuple entry : mapping.getValue()) {
            if (!(entry.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new TemplateException("line " + line(entry.getKeyNode()) + ": a mapping key must be a string");
            }
            String key = keyNode.getValue();
            if (object.has(key)) {
                throw new TemplateException("line " + line(keyNode) + ": duplicate key \"" + key + "\"");
            }
            JsonPointer child = at.appendProperty(key);
            lines.putIfAbsent(child.toString(), line(keyNode));
            object.set(key, convert(entry.getValueNode(), child, depth + 1));
        }
        return object;
    }
}
