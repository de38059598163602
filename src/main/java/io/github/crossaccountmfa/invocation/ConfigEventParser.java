package io.github.crossaccountmfa.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.input.Excerpt;
import io.github.crossaccountmfa.input.JsonInputException;
import io.github.crossaccountmfa.input.StrictJson;
import io.github.crossaccountmfa.rule.ParameterException;
import io.github.crossaccountmfa.rule.RuleParameters;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the event AWS Config sends into a {@link RuleInvocation}, or a {@link MalformedEventException} whose
 * message names the field that is missing or wrong. It accepts exactly what AWS Config sends (see
 * {@code docs/lambda.md}); it makes no AWS calls.
 */
public final class ConfigEventParser {
    public static final String CHANGE = "ConfigurationItemChangeNotification";
    public static final String OVERSIZED = "OversizedConfigurationItemChangeNotification";
    public static final String SCHEDULED = "ScheduledNotification";
    /** AWS Config's limits on the fields it echoes back in PutEvaluations (API reference: Evaluation). */
    static final int MAX_RESOURCE_TYPE = 256;
    static final int MAX_RESOURCE_ID = 768;
    /** {@code ConfigRuleName}: 1-128 characters. */
    static final int MAX_RULE_NAME = 128;
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private ConfigEventParser() {
    }

    /**
     * Parses and validates {@code event}.
     *
     * @throws MalformedEventException naming what is missing or malformed
     */
    public static RuleInvocation parse(RuleEvent event) {
        JsonNode invoking = invokingEvent(event.invokingEvent());
        String messageType = requiredText(invoking, "messageType", "invokingEvent.messageType");
        RuleParameters parameters = parameters(event.ruleParameters());
        if (event.resultToken() == null || event.resultToken().isBlank()) {
            throw new MalformedEventException("resultToken is missing (PutEvaluations needs it)");
        }
        if (parameters.executionRoleName().isPresent() && (event.accountId() == null || event.accountId().isBlank())) {
            throw new MalformedEventException("accountId is missing; the ExecutionRoleName rule parameter needs it "
                    + "to know in which account to assume the role");
        }
        if (parameters.executionRoleName().isPresent()) {
            organizationAccount(event);
        }
        if (event.configRuleName() != null) {
            bounded(event.configRuleName(), MAX_RULE_NAME, "configRuleName");
        }
        RuleInvocation.Header header = new RuleInvocation.Header(messageType, optional(event.configRuleName()),
                optional(event.configRuleArn()), optional(event.accountId()), event.resultToken(),
                event.eventLeftScope(), parameters);
        return switch (messageType) {
            case CHANGE -> new RuleInvocation.Change(header,
                    item(requiredObject(invoking, "configurationItem", "invokingEvent.configurationItem"),
                            "configurationItem", true));
            case OVERSIZED -> new RuleInvocation.Oversized(header,
                    item(requiredObject(invoking, "configurationItemSummary", "invokingEvent.configurationItemSummary"),
                            "configurationItemSummary", false));
            case SCHEDULED -> {
                if (header.ruleName().isEmpty()) {
                    throw new MalformedEventException("configRuleName is missing (a periodic evaluation needs it "
                            + "to clean up the results of deleted roles)");
                }
                yield new RuleInvocation.Scheduled(header,
                        time(invoking, "notificationCreationTime", "invokingEvent.notificationCreationTime"));
            }
            default -> throw new MalformedEventException("unsupported invokingEvent.messageType "
                    + Excerpt.quote(messageType) + " (expected " + CHANGE + ", " + OVERSIZED + " or " + SCHEDULED
                    + ")");
        };
    }

    private static JsonNode invokingEvent(String text) {
        if (text == null || text.isBlank()) {
            throw new MalformedEventException("invokingEvent is missing");
        }
        JsonNode node;
        try {
            node = StrictJson.read(text);
        } catch (JsonInputException e) {
            throw new MalformedEventException("invokingEvent is not valid JSON: " + e.getMessage());
        }
        if (!node.isObject()) {
            throw new MalformedEventException("invokingEvent must contain a JSON object, got " + kind(node));
        }
        return node;
    }

    private static RuleParameters parameters(String text) {
        try {
            return RuleParameters.parse(text);
        } catch (ParameterException e) {
            throw new MalformedEventException("ruleParameters: " + e.getMessage());
        }
    }

    /**
     * A configuration item in the event's shape. {@code full} items may carry {@code configuration}; summaries of
     * oversized items never do.
     */
    static ConfigurationItem item(JsonNode node, String path, boolean full) {
        String type = bounded(requiredText(node, "resourceType", path + ".resourceType"), MAX_RESOURCE_TYPE,
                path + ".resourceType");
        String id = bounded(requiredText(node, "resourceId", path + ".resourceId"), MAX_RESOURCE_ID,
                path + ".resourceId");
        String statusText = requiredText(node, "configurationItemStatus", path + ".configurationItemStatus");
        ItemStatus status = ItemStatus.of(statusText).orElseThrow(() -> new MalformedEventException(
                path + ".configurationItemStatus " + Excerpt.quote(statusText) + " is not a known status"));
        Instant captureTime = time(node, "configurationItemCaptureTime", path + ".configurationItemCaptureTime");
        Optional<JsonNode> configuration = Optional.empty();
        if (full) {
            JsonNode conf = node.get("configuration");
            if (conf != null && !conf.isNull()) {
                if (!conf.isObject()) {
                    throw new MalformedEventException(path + ".configuration must be a JSON object, got " + kind(conf));
                }
                configuration = Optional.of(conf);
            }
        }
        Map<String, String> tags = new LinkedHashMap<>(tagMap(node.get("tags"), path + ".tags"));
        configuration.ifPresent(conf -> tags.putAll(tagList(conf.get("tags"), path + ".configuration.tags")));
        return new ConfigurationItem(type, id, optionalText(node, "resourceName", path), optionalText(node, "ARN", path),
                status, captureTime, configuration, tags);
    }

    /** The top-level {@code tags} of an item: a map of strings. */
    static Map<String, String> tagMap(JsonNode node, String path) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (!node.isObject()) {
            throw new MalformedEventException(path + " must be a JSON object of strings, got " + kind(node));
        }
        node.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw new MalformedEventException(path + "." + e.getKey() + " must be a string");
            }
            tags.put(e.getKey(), e.getValue().textValue());
        });
        return tags;
    }

    /** {@code configuration.tags}: a list of {@code {"key":…,"value":…}}. */
    public static Map<String, String> tagList(JsonNode node, String path) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (!node.isArray()) {
            throw new MalformedEventException(path + " must be a list of {key, value} objects, got " + kind(node));
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode tag = node.get(i);
            JsonNode key = tag.get("key");
            JsonNode value = tag.get("value");
            if (!tag.isObject() || key == null || !key.isTextual() || (value != null && !value.isNull() && !value.isTextual())) {
                throw new MalformedEventException(path + "[" + i + "] must be an object {\"key\": string, \"value\": string}");
            }
            tags.put(key.textValue(), value == null || value.isNull() ? "" : value.textValue());
        }
        return tags;
    }

    static Instant time(JsonNode node, String field, String path) {
        String text = requiredText(node, field, path);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(path + " " + Excerpt.quote(text) + " is not an ISO-8601 timestamp");
        }
    }

    private static JsonNode requiredObject(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new MalformedEventException(path + " is missing");
        }
        if (!node.isObject()) {
            throw new MalformedEventException(path + " must be a JSON object, got " + kind(node));
        }
        return node;
    }

    /**
     * In organization mode the function acts in the event's account: that must be a 12-digit id, and the account of
     * the rule that sent the event (AWS Config fills in both; a rule of one account cannot speak for another).
     */
    private static void organizationAccount(RuleEvent event) {
        if (!ACCOUNT_ID.matcher(event.accountId()).matches()) {
            throw new MalformedEventException("accountId " + Excerpt.quote(event.accountId())
                    + " is not a 12-digit account id (the ExecutionRoleName rule parameter needs it)");
        }
        String[] ruleArn = event.configRuleArn() == null ? new String[0] : event.configRuleArn().split(":", 6);
        if (ruleArn.length == 6 && !ruleArn[4].equals(event.accountId())) {
            throw new MalformedEventException("configRuleArn names account "
                    + Excerpt.shorten(ruleArn[4], Excerpt.MAX_VALUE)
                    + ", not the event's accountId " + event.accountId() + ": in organization mode the rule that "
                    + "sends an event must belong to the account the function acts in");
        }
    }

    /** {@code text} when it is at most {@code max} characters; AWS Config would refuse anything longer. */
    private static String bounded(String text, int max, String path) {
        if (text.length() > max) {
            throw new MalformedEventException(path + " has " + text.length() + " characters, more than the " + max
                    + " AWS Config accepts");
        }
        return text;
    }

    static String requiredText(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new MalformedEventException(path + " is missing");
        }
        if (!node.isTextual()) {
            throw new MalformedEventException(path + " must be a string, got " + kind(node));
        }
        if (node.textValue().isBlank()) {
            throw new MalformedEventException(path + " is empty");
        }
        return node.textValue();
    }

    private static Optional<String> optionalText(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new MalformedEventException(path + "." + field + " must be a string, got " + kind(node));
        }
        return optional(node.textValue());
    }

    private static Optional<String> optional(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
