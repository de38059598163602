package io.github.crossaccountmfa.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.input.Excerpt;
import io.github.crossaccountmfa.input.JsonInputException;
import io.github.crossaccountmfa.input.StrictJson;

/**
 * The envelope AWS Config passes to a custom Lambda rule, field for field (the Lambda runtime's {@code ConfigEvent}).
 * {@code invokingEvent} and {@code ruleParameters} are JSON documents carried as strings; they are parsed by
 * {@link ConfigEventParser}.
 */
public record RuleEvent(String invokingEvent, String ruleParameters, String resultToken, boolean eventLeftScope,
                        String executionRoleArn, String configRuleArn, String configRuleName, String configRuleId,
                        String accountId, String version) {

    /**
     * Reads the event exactly as Lambda delivers it (for {@code evaluate EVENT.json}); string fields must be strings.
     *
     * @throws MalformedEventException if the text is not a JSON object of the expected shape
     */
    public static RuleEvent fromJson(String json) {
        JsonNode root;
        try {
            root = StrictJson.read(json);
        } catch (JsonInputException e) {
            throw new MalformedEventException("the event is not valid JSON: " + e.getMessage());
        }
        if (!root.isObject()) {
            throw new MalformedEventException("the event must be a JSON object");
        }
        return new RuleEvent(text(root, "invokingEvent"), text(root, "ruleParameters"), text(root, "resultToken"),
                bool(root, "eventLeftScope"), text(root, "executionRoleArn"), text(root, "configRuleArn"),
                text(root, "configRuleName"), text(root, "configRuleId"), text(root, "accountId"),
                text(root, "version"));
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new MalformedEventException(field + " must be a JSON string"
                    + (node.isContainerNode() ? " (AWS Config sends invokingEvent and ruleParameters as strings that contain JSON)" : "")
                    + ", got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return node.textValue();
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new MalformedEventException(field + " must be true or false, got "
                    + Excerpt.shorten(node.toString(), Excerpt.MAX_VALUE));
        }
        return node.booleanValue();
    }
}
