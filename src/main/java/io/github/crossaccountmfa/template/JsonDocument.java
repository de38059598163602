package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Reads a JSON template or plan, keeping the line of every object member and array element. */
final class JsonDocument {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonDocument() {
    }

    /** @throws TemplateException when the text is not one JSON value, naming the line */
    static LocatedTree read(String text) {
        try {
            JsonNode root;
            Map<String, Integer> lines = new HashMap<>();
            try (JsonParser parser = JSON.createParser(text)) {
                root = JSON.readTree(parser);
                if (parser.nextToken() != null) {
                    throw new TemplateException("not valid JSON: unexpected content after the document (line "
                            + parser.currentTokenLocation().getLineNr() + ")");
                }
            }
            if (root == null || root.isMissingNode()) {
                throw new TemplateException("the file is empty");
            }
            if (text.strip().indexOf('\n') < 0) {
                // One line, as terraform show -json writes its (possibly huge) plans: every value is on line 1.
                return new LocatedTree(root, Map.of());
            }
            // A second, streaming pass records lines: the tree model does not keep token locations.
            try (JsonParser parser = JSON.createParser(text)) {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    record(parser, token, lines);
                }
            }
            return new LocatedTree(root, lines);
        } catch (JsonProcessingException e) {
            throw new TemplateException("not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new TemplateException("cannot read: " + e.getMessage());
        }
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
