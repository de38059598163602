package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.ItemStatus;
import io.github.crossaccountmfa.invocation.MalformedEventException;
import io.github.crossaccountmfa.invocation.ConfigurationItem;
import io.github.crossaccountmfa.invocation.AwsOperationException;
import io.github.crossaccountmfa.invocation.ConfigEventParser;
import io.github.crossaccountmfa.invocation.ConfigurationItemFetcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.input.JsonInputException;
import io.github.crossaccountmfa.input.StrictJson;
import io.github.crossaccountmfa.invocation.CallGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GetResourceConfigHistory(resourceType, resourceId, laterTime = capture time, limit = 1)}, as AWS's samples
 * and RDK do for oversized items, converted from the API's shape (where {@code configuration} is a JSON string)
 * to the change notification's.
 */
public final class ConfigHistoryFetcher implements ConfigurationItemFetcher {
    private static final String SOURCE = "GetResourceConfigHistory item";

    private final AwsConfigApi config;
    private final CallGuard guard;
    private final Duration worstCase;

    public ConfigHistoryFetcher(AwsConfigApi config) {
        this(config, CallGuard.NONE, Duration.ZERO);
    }

    public ConfigHistoryFetcher(AwsConfigApi config, CallGuard guard, Duration worstCase) {
        this.config = config;
        this.guard = guard;
        this.worstCase = worstCase;
    }

    @Override
    public ConfigurationItem fetch(String resourceType, String resourceId, Instant captureTime) {
        String what = resourceType + " " + resourceId;
        guard.beforeCall("Config GetResourceConfigHistory for " + what, worstCase);
        String request = AwsConfigApi.request(json -> {
            json.writeStringField("resourceType", resourceType);
            json.writeStringField("resourceId", resourceId);
            AwsConfigApi.writeTimestamp(json, "laterTime", captureTime);
            json.writeNumberField("limit", 1);
        });
        JsonNode response = AwsErrors.call("Config GetResourceConfigHistory for " + what,
                () -> config.call("GetResourceConfigHistory", request));
        JsonNode items = response.path("configurationItems");
        if (!items.isArray() || items.isEmpty()) {
            throw new AwsOperationException("Config GetResourceConfigHistory returned no configuration item for "
                    + what + " captured at or before " + captureTime, null);
        }
        return convert(items.get(0), captureTime);
    }

    /** An item of the API's answer (its fields as GetResourceConfigHistory names them) as the notification's. */
    static ConfigurationItem convert(JsonNode api, Instant fallbackTime) {
        String statusText = AwsConfigApi.text(api, "configurationItemStatus").orElse("");
        ItemStatus status = ItemStatus.of(statusText).orElseThrow(() -> new MalformedEventException(
                SOURCE + ": configurationItemStatus \"" + statusText + "\" is not a known status"));
        Optional<JsonNode> configuration = Optional.empty();
        Optional<String> text = AwsConfigApi.text(api, "configuration").filter(c -> !c.isBlank());
        if (text.isPresent()) {
            JsonNode node;
            try {
                node = StrictJson.read(text.get());
            } catch (JsonInputException e) {
                throw new MalformedEventException(SOURCE + ": configuration is not valid JSON: " + e.getMessage());
            }
            if (node.isObject()) {
                configuration = Optional.of(node);
            } else if (!node.isNull()) {
                throw new MalformedEventException(SOURCE + ": configuration is not a JSON object");
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        api.path("tags").properties().forEach(tag -> {
            if (tag.getValue().isTextual()) {
                tags.put(tag.getKey(), tag.getValue().asText());
            }
        });
        configuration.ifPresent(conf -> tags.putAll(ConfigEventParser.tagList(conf.get("tags"),
                SOURCE + ".configuration.tags")));
        return new ConfigurationItem(AwsConfigApi.text(api, "resourceType").orElse(""),
                AwsConfigApi.text(api, "resourceId").orElse(""), AwsConfigApi.text(api, "resourceName"),
                AwsConfigApi.text(api, "arn"), status,
                AwsConfigApi.timestamp(api.get("configurationItemCaptureTime")).orElse(fallbackTime),
                configuration, tags);
    }
}
