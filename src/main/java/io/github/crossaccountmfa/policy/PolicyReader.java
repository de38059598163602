package io.github.crossaccountmfa.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads trust-policy JSON into the immutable model. Every error names the JSON path of the element at fault. */
final class PolicyReader {
    private static final ObjectReader JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build()
            .reader();
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
        return readPolicy(parseJson(decode(document.strip())));
    }

    /** IAM and AWS Config hand out documents URL-encoded (RFC 3986); a raw document starts with '{'. */
    static String decode(String text) {
        if (text.startsWith("{") || text.indexOf('%') < 0) {
            return text;
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8).strip();
        } catch (IllegalArgumentException e) {
            throw new PolicyParseException("", "not valid JSON and not a URL-encoded document: " + e.getMessage());
        }
    }

    private static JsonNode parseJson(String text) {
        if (text.isEmpty()) {
            throw new PolicyParseException("", "the document is empty");
        }
        try {
            JsonNode node;
            try (JsonParser parser = JSON.createParser(text)) {
                node = JSON.readTree(parser);
                if (parser.nextToken() != null) {
                    throw new PolicyParseException("", "unexpected content after the JSON object (line "
                            + parser.currentLocation().getLineNr() + ")");
                }
            }
            if (node == null) {
                throw new PolicyParseException("", "the document is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new PolicyParseException("", "invalid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw new PolicyParseException("", "unreadable document: " + e.getMessage());
        }
    }

    private static TrustPolicy readPolicy(JsonNode root) {
        expectObject(root, "", "the policy");
        rejectUnknown(root, POLICY_ELEMENTS, "");
        Optional<String> version = Optional.empty();
        JsonNode versionNode = root.get("Version");
        if (versionNode != null) {
            String value = expectString(versionNode, "Version");
            if (!VERSIONS.contains(value)) {
                throw new PolicyParseException("Version", "expected \"2012-10-17\" or \"2008-10-17\", got \"" + value + "\"");
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
                        + "such as {\"AWS\": \"" + node.textValue() + "\"}");
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
            throw new PolicyParseException(path, "expected \"service:action\" or \"*\", got \"" + value + "\"");
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
            throw new PolicyParseException(path, "unknown condition operator \"" + text + "\"");
        }
    }
}
