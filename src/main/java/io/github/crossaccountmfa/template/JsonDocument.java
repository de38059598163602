package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.input.JsonInputException;
import io.github.crossaccountmfa.input.StrictJson;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Reads a JSON template or plan, keeping the line of every object member and array element. */
final class JsonDocument {
    private JsonDocument() {
    }

    /**
     * @throws TemplateException when the text is not one JSON value or exceeds a parser limit, naming the element,
     *                           line and column
     */
    static LocatedTree read(String text) {
        JsonNode root;
        try {
            root = StrictJson.read(text);
        } catch (JsonInputException e) {
            throw new TemplateException(e.getMessage());
        }
        if (text.strip().indexOf('\n') < 0) {
            // One line, as terraform show -json writes its (possibly huge) plans: every value is on line 1.
            return new LocatedTree(root, Map.of());
        }
        // A second, streaming pass records lines: the tree model does not keep token locations.
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = StrictJson.parser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                record(parser, token, lines);
            }
        } catch (IOException | RuntimeException e) {
            // The first pass read the whole text, so this cannot fail; without lines, findings name no line.
            return new LocatedTree(root, Map.of());
        }
        return new LocatedTree(root, lines);
    }

    private static void record(JsonParser parser, JsonToken token, Map<String, Integer> lines) {
        int line = parser.currentTokenLocation().getLineNr();
        JsonStreamContext context = parser.getParsingContext();
        if (token == JsonToken.FIELD_NAME) {
            lines.putIfAbsent(context.pathAsPointer().toString(), line);
        } else if (token.isStructStart()) {
            JsonStreamContext parent = context.getParent();
            if (parent != null && parent.inArray()) {
                lines.putIfAbsent(parent.pathAsPointer().toString(), line);
            }
        } else if (token.isScalarValue() && context.inArray()) {
            lines.putIfAbsent(context.pathAsPointer().toString(), line);
        }
    }
}
