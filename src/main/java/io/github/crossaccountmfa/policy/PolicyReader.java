package io.github.crossaccountmfa.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.input.Excerpt;
import io.github.crossaccountmfa.input.JsonInputException;
import io.github.crossaccountmfa.input.StrictJson;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads trust-policy JSON into the immutable model. Every error names the JSON path of the element at fault and,
 * where it can be found in the text, its line and column; parser limits and malformed URL encoding are errors too.
 */
final class PolicyReader {
    private static final Set<String> POLICY_ELEMENTS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_ELEMENTS =
            Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource",
                    "Condition");
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");

    private PolicyReader() {
    }

    static TrustPolicy read(String document) {
        if (document == null) {
            throw new PolicyParseException("", "no policy document");
        }
        if (document.length() > TrustPolicy.MAX_DOCUMENT_LENGTH) {
            throw new PolicyParseException("", tooLarge(document.length()));
        }
        String text = decode(document.strip());
        JsonNode root;
        try {
            root = StrictJson.read(text);
        } catch (JsonInputException e) {
            throw PolicyParseException.of(e);
        }
        try {
            return readPolicy(root);
        } catch (PolicyParseException e) {
            // The tree keeps no positions: find the element in the text again (only on this error path).
            Optional<JsonLocation> at = e.path().isEmpty() ? Optional.empty() : StrictJson.locate(text, e.path());
            throw at.isPresent() ? e.at(at.get().getLineNr(), at.get().getColumnNr()) : e;
        }
    }

    static String tooLarge(int length) {
        return "the document has " + length + " characters, more than the " + TrustPolicy.MAX_DOCUMENT_LENGTH
                + " this tool reads: IAM accepts no policy document that long (a role's trust policy is limited to "
                + TrustPolicy.IAM_DEFAULT_TRUST_POLICY_LENGTH + " characters by default, "
                + TrustPolicy.IAM_MAX_TRUST_POLICY_LENGTH + " when the quota is raised)";
    }

    /**
     * IAM and AWS Config hand out documents URL-encoded (RFC 3986; {@code +} is read as a space, as
     * {@link java.net.URLDecoder} does); a raw document starts with '{'. Decoding is strict: a malformed escape
     * or escapes that are not UTF-8 are an error, never silently replaced.
     */
    static String decode(String text) {
        if (text.startsWith("{") || text.indexOf('%') < 0) {
            return text;
        }
        // At most three bytes per character: a BMP character is up to three in UTF-8, a surrogate pair four for two.
        byte[] bytes = new byte[text.length() * 3];
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    throw new PolicyParseException("", "not JSON, and not a valid URL-encoded document: malformed "
                            + "escape " + Excerpt.quote(text.substring(i, Math.min(i + 3, text.length())))
                            + " at character " + (i + 1));
                }
                bytes[length++] = (byte) (high * 16 + low);
                i += 2;
            } else if (c < 0x80) {
                bytes[length++] = (byte) (c == '+' ? ' ' : c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
                for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    bytes[length++] = b;
                }
                i = end - 1;
            }
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer out = CharBuffer.allocate(length);
        if (utf8.decode(in, out, true).isError()) {
            throw new PolicyParseException("", "not JSON, and not a valid URL-encoded document: the escapes at "
                    + "character " + (sourceIndex(text, in.position()) + 1) + " are not UTF-8 text");
        }
        utf8.flush(out);
        return out.flip().toString().strip();
    }

    /** The position in {@code text} of the {@code byteIndex}-th decoded byte (only for the message). */
    private static int sourceIndex(String text, int byteIndex) {
        int bytes = 0;
        int i = 0;
        while (i < text.length() && bytes < byteIndex) {
            char c = text.charAt(i);
            if (c == '%') {
                i += 3;
                bytes++;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
                bytes += c < 0x80 ? 1 : text.substring(i, end).getBytes(StandardCharsets.UTF_8).length;
                i = end;
            }
        }
        return i;
    }

    private static TrustPolicy readPolicy(JsonNode root) {
        expectObject(root, "", "the policy");
        rejectUnknown(root, POLICY_ELEMENTS, "");
        Optional<String> version = Optional.empty();
        JsonNode versionNode = root.get("Version");
        if (versionNode != null) {
            String value = expectString(versionNode, "Version");
            if (!VERSIONS.contains(value)) {
                throw new PolicyParseException("Version", "expected \"2012-10-17\" or \"2008-10-17\", got "
                        + Excerpt.quote(value));
            }
            version = Optional.of(value);
        }
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null) {
            throw new PolicyParseException("Statement", "missing: a trust policy needs at least one statement");
        }
        List<Statement> statements = new ArrayList<>();
        if (statementNode.isObject()) {
            statements.add(readStatement(statementNode, 0, "Statement"));
        } else if (statementNode.isArray()) {
            if (statementNode.isEmpty()) {
                throw new PolicyParseException("Statement", "empty: a trust policy needs at least one statement");
            }
            for (int i = 0; i < statementNode.size(); i++) {
                statements.add(readStatement(statementNode.get(i), i, "Statement[" + i + "]"));
            }
        } else {
            throw new PolicyParseException("Statement", "expected an object or array");
        }
        return new TrustPolicy(version, statements);
    }

    private static Statement readStatement(JsonNode node, int index, String path) {
        expectObject(node, path, "a statement");
        rejectUnknown(node, STATEMENT_ELEMENTS, path);
        Optional<String> sid = Optional.ofNullable(node.get("Sid")).map(n -> expectString(n, path + ".Sid"));
        JsonNode effectNode = node.get("Effect");
        if (effectNode == null) {
            throw new PolicyParseException(path + ".Effect", "missing");
        }
        Effect effect = Effect.parse(expectString(effectNode, path + ".Effect"), path + ".Effect");
        PrincipalElement principal = readPrincipalElement(node, path);
        ActionElement action = readActionElement(node, path);
        List<Condition> conditions = readConditions(node.get("Condition"), path + ".Condition");
        return new Statement(index, sid, effect, principal, action, conditions);
    }

    private static PrincipalElement readPrincipalElement(JsonNode statement, String path) {
        JsonNode principal = statement.get("Principal");
        JsonNode notPrincipal = statement.get("NotPrincipal");
        if (principal != null && notPrincipal != null) {
            throw new PolicyParseException(path, "has both Principal and NotPrincipal");
        }
        if (principal == null && notPrincipal == null) {
            throw new PolicyParseException(path + ".Principal", "missing: a trust-policy statement must name a Principal");
        }
        boolean negated = principal == null;
        String elementPath = path + (negated ? ".NotPrincipal" : ".Principal");
        return new PrincipalElement(negated, readPrincipals(negated ? notPrincipal : principal, elementPath));
    }

    private static List<Principal> readPrincipals(JsonNode node, String path) {
        if (node.isTextual()) {
            if (!node.textValue().equals("*")) {
                throw new PolicyParseException(path, "a string principal must be \"*\"; name others in an object "
                        + "such as {\"AWS\": " + Excerpt.quote(node.textValue()) + "}");
            }
            return List.of(new Principal.Everyone("*"));
        }
        expectObject(node, path, "\"*\" or an object");
        if (node.isEmpty()) {
            throw new PolicyParseException(path, "names no principal");
        }
        List<Principal> principals = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String typePath = path + "." + entry.getKey();
            List<String> values = readPrincipalValues(entry.getValue(), typePath);
            for (int i = 0; i < values.size(); i++) {
                String valuePath = entry.getValue().isArray() ? typePath + "[" + i + "]" : typePath;
                principals.add(principal(entry.getKey(), values.get(i), valuePath, typePath));
            }
        }
        return principals;
    }

    private static Principal principal(String type, String value, String valuePath, String typePath) {
        return switch (type) {
            case "AWS" -> Principal.aws(value, valuePath);
            case "Service" -> new Principal.Service(value);
            case "Federated" -> new Principal.Federated(value);
            case "CanonicalUser" -> new Principal.CanonicalUser(value);
            default -> throw new PolicyParseException(typePath,
                    "unknown principal type (expected AWS, Service, Federated or CanonicalUser)");
        };
    }

    private static List<String> readPrincipalValues(JsonNode node, String path) {
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw new PolicyParseException(path, "empty list");
            }
            List<String> values = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                values.add(principalValue(node.get(i), path + "[" + i + "]"));
            }
            return values;
        }
        if (node.isTextual() || node.isIntegralNumber()) {
            return List.of(principalValue(node, path));
        }
        throw new PolicyParseException(path, "expected a string or array");
    }

    /** Unquoted account ids appear in hand-written IaC; JSON numbers lose leading zeros, so pad to 12 digits. */
    private static String principalValue(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0
                && node.asText().length() <= 12) {
            return String.format("%012d", node.longValue());
        }
        throw new PolicyParseException(path, "expected a string");
    }

    private static ActionElement readActionElement(JsonNode statement, String path) {
        JsonNode action = statement.get("Action");
        JsonNode notAction = statement.get("NotAction");
        if (action != null && notAction != null) {
            throw new PolicyParseException(path, "has both Action and NotAction");
        }
        if (action == null && notAction == null) {
            throw new PolicyParseException(path + ".Action", "missing");
        }
        boolean negated = action == null;
        String elementPath = path + (negated ? ".NotAction" : ".Action");
        JsonNode node = negated ? notAction : action;
        List<String> patterns = new ArrayList<>();
        if (node.isTextual()) {
            patterns.add(actionPattern(node, elementPath));
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                patterns.add(actionPattern(node.get(i), elementPath + "[" + i + "]"));
            }
        } else {
            throw new PolicyParseException(elementPath, "expected a string or a non-empty array");
        }
        return new ActionElement(negated, patterns);
    }

    private static String actionPattern(JsonNode node, String path) {
        String value = expectString(node, path);
        if (!value.equals("*") && (value.indexOf(':') <= 0 || value.endsWith(":"))) {
            throw new PolicyParseException(path, "expected \"service:action\" or \"*\", got " + Excerpt.quote(value));
        }
        return value;
    }

    private static List<Condition> readConditions(JsonNode node, String path) {
        if (node == null) {
            return List.of();
        }
        expectObject(node, path, "an object of operators");
        List<Condition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> ops = node.fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            String opPath = path + "." + op.getKey();
            ParsedOperator parsed = ParsedOperator.parse(op.getKey(), opPath);
            expectObject(op.getValue(), opPath, "an object of condition keys");
            if (op.getValue().isEmpty()) {
                throw new PolicyParseException(opPath, "names no condition key");
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                String keyPath = opPath + "." + key.getKey();
                if (key.getKey().isBlank()) {
                    throw new PolicyParseException(keyPath, "empty condition key");
                }
                conditions.add(new Condition(parsed.qualifier(), parsed.operator(), parsed.ifExists(), key.getKey(),
                        conditionValues(key.getValue(), keyPath)));
            }
        }
        return conditions;
    }

    private static List<String> conditionValues(JsonNode node, String path) {
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw new PolicyParseException(path, "empty list of values");
            }
            List<String> values = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                values.add(scalar(node.get(i), path + "[" + i + "]"));
            }
            return values;
        }
        return List.of(scalar(node, path));
    }

    /** IAM accepts unquoted booleans and numbers in conditions and compares them by their text. */
    private static String scalar(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean() || node.isNumber()) {
            return node.asText();
        }
        throw new PolicyParseException(path, "expected a string, boolean, number or array of them");
    }

    private static void rejectUnknown(JsonNode node, Set<String> allowed, String path) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new PolicyParseException(path.isEmpty() ? name : path + "." + name,
                        "unknown element (expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static void expectObject(JsonNode node, String path, String what) {
        if (!node.isObject()) {
            throw new PolicyParseException(path, "expected " + what + ", got " + describe(node));
        }
    }

    private static String expectString(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new PolicyParseException(path, "expected a string, got " + describe(node));
        }
        return node.textValue();
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Splits {@code ForAnyValue:StringLikeIfExists} into its parts. */
    private record ParsedOperator(SetQualifier qualifier, Operator operator, boolean ifExists) {
        static ParsedOperator parse(String text, String path) {
            String rest = text;
            SetQualifier qualifier = SetQualifier.NONE;
            for (SetQualifier q : new SetQualifier[] {SetQualifier.FOR_ALL_VALUES, SetQualifier.FOR_ANY_VALUE}) {
                if (rest.regionMatches(true, 0, q.prefix(), 0, q.prefix().length())) {
                    qualifier = q;
                    rest = rest.substring(q.prefix().length());
                }
            }
            Optional<Operator> exact = Operator.byName(rest);
            if (exact.isPresent()) {
                return new ParsedOperator(qualifier, exact.get(), false);
            }
            if (rest.regionMatches(true, Math.max(0, rest.length() - 8), "IfExists", 0, 8)) {
                Optional<Operator> base = Operator.byName(rest.substring(0, rest.length() - 8));
                if (base.isPresent() && base.get() != Operator.NULL) {
                    return new ParsedOperator(qualifier, base.get(), true);
                }
            }
            throw new PolicyParseException(path, "unknown condition operator " + Excerpt.quote(text));
        }
    }
}
