package io.github.crossaccountmfa.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the repository's CloudFormation/SAM templates (and workflow files) as JSON trees. Permissive about tags:
 * {@code !Ref x} becomes {@code {"Ref": "x"}}, {@code !GetAtt a.b} becomes {@code {"Fn::GetAtt": ["a", "b"]}},
 * any other {@code !Name v} becomes {@code {"Fn::Name": v}}. Scalars stay text.
 */
final class Templates {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path SAM_TEMPLATE = ROOT.resolve("template.yaml");
    static final Path DEPLOY = ROOT.resolve("deploy");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Templates() {
    }

    /** template.yaml and every template under deploy/. */
    static List<Path> all() {
        List<Path> templates = new ArrayList<>();
        templates.add(SAM_TEMPLATE);
        try (Stream<Path> files = Files.list(DEPLOY)) {
            files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                    .forEach(templates::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return templates;
    }

    static JsonNode load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A template given as text (e.g. a conformance pack's TemplateBody). */
    static JsonNode parse(String yaml) {
        Node root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(yaml));
        return convert(root);
    }

    static JsonNode resource(JsonNode template, String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new AssertionError("no resource " + logicalId);
        }
        return resource;
    }

    /** The logical ids of the resources of {@code type}. */
    static List<String> resourcesOfType(JsonNode template, String type) {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : template.path("Resources").properties()) {
            if (type.equals(entry.getValue().path("Type").asText())) {
                ids.add(entry.getKey());
            }
        }
        return ids;
    }

    static JsonNode ref(String name) {
        return NODES.objectNode().put("Ref", name);
    }

    static JsonNode getAtt(String resource, String attribute) {
        ObjectNode node = NODES.objectNode();
        node.putArray("Fn::GetAtt").add(resource).add(attribute);
        return node;
    }

    private static JsonNode convert(Node node) {
        JsonNode value = switch (node) {
            case ScalarNode scalar -> NODES.textNode(scalar.getValue());
            case SequenceNode sequence -> {
                ArrayNode array = NODES.arrayNode();
                sequence.getValue().forEach(item -> array.add(convert(item)));
                yield array;
            }
            case MappingNode mapping -> {
                ObjectNode object = NODES.objectNode();
                for (NodeTuple tuple : mapping.getValue()) {
                    object.set(((ScalarNode) tuple.getKeyNode()).getValue(), convert(tuple.getValueNode()));
                }
                yield object;
            }
            default -> throw new IllegalArgumentException("unexpected YAML node " + node);
        };
        String tag = node.getTag().getValue();
        if (!tag.startsWith("!")) {
            return value;
        }
        String name = tag.substring(1);
        ObjectNode intrinsic = NODES.objectNode();
        if (name.equals("Ref")) {
            intrinsic.set("Ref", value);
        } else if (name.equals("GetAtt") && value.isTextual()) {
            String[] parts = value.asText().split("\\.", 2);
            intrinsic.putArray("Fn::GetAtt").add(parts[0]).add(parts[1]);
        } else {
            intrinsic.set(name.equals("Condition") ? "Condition" : "Fn::" + name, value);
        }
        return intrinsic;
    }
}
