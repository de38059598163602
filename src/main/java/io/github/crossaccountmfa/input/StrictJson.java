package io.github.crossaccountmfa.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads untrusted JSON text (trust policies, events, templates, plans) with explicit limits and strict duplicate
 * detection. Every failure, a parser limit included, becomes a {@link JsonInputException} in this tool's words with
 * the path of the element and the line and column: Jackson's own messages (which can carry
 * {@code [Source: REDACTED …]} and class names) never reach users.
 */
public final class StrictJson {
    /** Jackson's defaults, named here because the messages quote them. */
    public static final int MAX_NESTING_DEPTH = 1000;
    public static final int MAX_NUMBER_LENGTH = 1000;
    public static final int MAX_NAME_LENGTH = 50_000;
    public static final int MAX_STRING_LENGTH = 20_000_000;

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .build();
    /**
     * The parsers. Trees are built from their tokens here rather than by an {@code ObjectMapper}, whose set-up
     * (≈ 250 classes of databind configuration) was a sixth of the Lambda function's cold start.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(LIMITS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern CHARACTER = Pattern.compile("Unexpected character \\((.+?) \\(code (\\d+)\\)\\)");
    private static final Pattern CLOSE_MARKER = Pattern.compile("Unexpected close marker '(.)': expected '(.)'");
    private static final Pattern ESCAPE = Pattern.compile("Unrecognized character escape (.+?) \\(code (\\d+)\\)");
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '(.*?)'", Pattern.DOTALL);
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);
    private static final Pattern CONTROL =
            Pattern.compile("Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)");

    private StrictJson() {
    }

    /**
     * Reads exactly one JSON value.
     *
     * @throws JsonInputException when the text is empty, not JSON, has content after the value, or exceeds a limit
     */
    public static JsonNode read(String text) {
        try (JsonParser parser = parser(text)) {
            try {
                if (parser.nextToken() == null) {
                    throw new JsonInputException("", "the document is empty", 0, 0);
                }
                JsonNode node = tree(parser);
                if (parser.nextToken() != null) {
                    JsonLocation at = parser.currentTokenLocation();
                    throw new JsonInputException("", "invalid JSON: unexpected content after the end of the document",
                            at.getLineNr(), at.getColumnNr());
                }
                return node;
            } catch (JsonProcessingException e) {
                throw error(e, parser);
            }
        } catch (IOException e) {
            throw new JsonInputException("", "unreadable JSON", 0, 0);
        } catch (RuntimeException e) {
            if (e instanceof JsonInputException input) {
                throw input;
            }
            // Whatever else the parser may throw on hostile input, the caller gets an input error, not a crash.
            throw new JsonInputException("", "unreadable JSON (" + e.getClass().getSimpleName() + ")", 0, 0);
        }
    }

    /** The value that starts at the parser's current token, which it consumes. */
    private static JsonNode tree(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, tree(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    array.add(tree(parser));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "Unexpected token " + parser.currentToken());
        };
    }

    /** A streaming parser with the same limits and duplicate detection (close it). */
    public static JsonParser parser(String text) throws IOException {
        return FACTORY.createParser(text);
    }

    /** A mapper with the same limits, for writing trees back out (built on first use). */
    public static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder(FACTORY.copy()).build();

        private Mapper() {
        }
    }

    /**
     * Translates a parser failure: the path and position come from the parser when the exception carries none
     * (as for limit violations, whose location is null).
     */
    public static JsonInputException error(JsonProcessingException e, JsonParser parser) {
        JsonLocation location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        int line = location == null ? 0 : location.getLineNr();
        int column = location == null ? 0 : location.getColumnNr();
        JsonStreamContext context = parser.getParsingContext();
        JsonToken last = parser.currentToken();
        // After a complete member or element the error concerns what follows it: name its container. A string is
        // decoded only when read, so an error inside one (an escape, a control character) is the current token's.
        boolean complete = last != null && (last.isScalarValue() || last.isStructEnd()) && !insideString(e);
        return new JsonInputException(path(complete ? context.getParent() : context), problem(e), line, column);
    }

    /**
     * The location of the element at {@code path} (a key's location for an object member), or of its nearest
     * enclosing element that exists; empty when the text cannot be scanned.
     */
    public static Optional<JsonLocation> locate(String text, String path) {
        for (String target = path; ; target = parent(target)) {
            Optional<JsonLocation> found = find(text, target);
            if (found.isPresent() || target.isEmpty()) {
                return found;
            }
        }
    }

    private static Optional<JsonLocation> find(String text, String target) {
        try (JsonParser parser = parser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                JsonStreamContext context = parser.getParsingContext();
                String at = token.isStructStart() ? path(context.getParent()) : path(context);
                if (at.equals(target)) {
                    return Optional.of(parser.currentTokenLocation());
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code a.b[1]} → {@code a.b}, {@code a.b} → {@code a}, {@code a} → {@code ""}. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    /** The path of the parser's current position in this tool's notation: {@code Statement[0].Condition}. */
    public static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static boolean insideString(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        return message.startsWith("Unrecognized character escape") || message.startsWith("Illegal unquoted character")
                || message.contains("String value") || message.contains("string value");
    }

    /** What is wrong, in this tool's words. */
    static String problem(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            return "unreadable JSON: " + limit(message);
        }
        return "invalid JSON: " + syntax(message);
    }

    private static String limit(String message) {
        if (message.startsWith("Number value length")) {
            return "a number longer than " + MAX_NUMBER_LENGTH + " digits";
        }
        if (message.startsWith("Document nesting depth")) {
            return "nested deeper than " + MAX_NESTING_DEPTH + " levels";
        }
        if (message.startsWith("Name length")) {
            return "a key longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (message.startsWith("String value length")) {
            return "a string longer than " + MAX_STRING_LENGTH + " characters";
        }
        return "the document exceeds a limit of this tool's JSON reader";
    }

    private static String syntax(String message) {
        Matcher m;
        if (message.startsWith("Unexpected end-of-input")) {
            if (message.contains("Object")) {
                return "the document ends before an object is closed with '}'";
            }
            if (message.contains("Array")) {
                return "the document ends before an array is closed with ']'";
            }
            if (message.contains("string") || message.contains("field name")) {
                return "the document ends inside a string";
            }
            return "the document ends too early";
        }
        if ((m = CHARACTER.matcher(message)).lookingAt()) {
            String found = character(Integer.parseInt(m.group(2)));
            String rest = message.substring(m.end());
            if (rest.contains("double-quote to start field name")) {
                return "expected a key in double quotes, found " + found;
            }
            if (rest.contains("comma to separate Object")) {
                return "expected ',' or '}' after an object member, found " + found;
            }
            if (rest.contains("comma to separate Array")) {
                return "expected ',' or ']' after an array element, found " + found;
            }
            if (rest.contains("colon to separate")) {
                return "expected ':' after a key, found " + found;
            }
            if (rest.contains("comment")) {
                return "comments are not allowed in JSON";
            }
            if (rest.contains("numeric value")) {
                return "malformed number: unexpected " + found;
            }
            return "unexpected " + found + " where a value was expected";
        }
        if ((m = CLOSE_MARKER.matcher(message)).lookingAt()) {
            return "'" + m.group(1) + "' where '" + m.group(2) + "' was expected to close the open "
                    + (m.group(2).equals("]") ? "array" : "object");
        }
        if ((m = CONTROL.matcher(message)).lookingAt()) {
            return "a control character (" + character(Integer.parseInt(m.group(1)))
                    + ") inside a string: write it as an escape such as \\n";
        }
        if ((m = ESCAPE.matcher(message)).lookingAt()) {
            return "invalid escape \\" + character(Integer.parseInt(m.group(2))).replace("'", "") + " in a string";
        }
        if ((m = DUPLICATE.matcher(message)).lookingAt()) {
            return "duplicate key " + Excerpt.quote(m.group(1));
        }
        if ((m = TOKEN.matcher(message)).lookingAt()) {
            return "unrecognized word " + Excerpt.quote(m.group(1)) + " (text must be in double quotes)";
        }
        if (message.startsWith("Invalid numeric value: Leading zeroes")) {
            return "a number with leading zeros";
        }
        if (message.startsWith("Non-standard token")) {
            return "NaN and Infinity are not JSON numbers";
        }
        if (message.startsWith("Invalid numeric value") || message.contains("numeric value")) {
            return "malformed number";
        }
        return sanitized(message);
    }

    /** A message this class does not know, without the parser's location text and class names. */
    private static String sanitized(String message) {
        String text = message;
        for (String marker : new String[] {"\n", " [Source", " (start marker", " (for ", "`", " at [", ": enable"}) {
            int at = text.indexOf(marker);
            if (at >= 0) {
                text = text.substring(0, at);
            }
        }
        text = text.strip();
        return text.isEmpty() ? "malformed JSON" : Excerpt.shorten(text, 100);
    }

    /** {@code 'x'}, or {@code U+000A} for a character that does not print. */
    private static String character(int code) {
        if (code < 0x20 || code == 0x7F || !Character.isDefined(code) || Character.isISOControl(code)) {
            return String.format("U+%04X", code);
        }
        return "'" + new String(Character.toChars(code)) + "'";
    }
}
