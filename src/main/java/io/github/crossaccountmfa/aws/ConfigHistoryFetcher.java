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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.GetResourceConfigHistoryResponse;

/**
 * {@code GetResourceConfigHistory(resourceType, resourceId, laterTime = capture time, limit = 1)}, as AWS's samples
 * and RDK do for oversized items, converted from the API's shape (where {@code configuration} is a JSON string)
 * to the change notification's.
 */
public final class ConfigHistoryFetcher implements ConfigurationItemFetcher {
    private static final String SOURCE = "GetResourceConfigHistory item";

    private final ConfigClient config;
    private final CallGuard guard;
    private final Duration worstCase;

    public ConfigHistoryFetcher(ConfigClient config) {
        this(config, CallGuard.NONE, Duration.ZERO);
    }

    public ConfigHistoryFetcher(ConfigClient config, CallGuard guard, Duration worstCase) {
        this.config = config;
        this.guard = guard;
        this.worstCase = worstCase;
    }

    @Override
    public ConfigurationItem fetch(String resourceType, String resourceId, Instant captureTime) {
        String what = resourceType + " " + resourceId;
        guard.beforeCall("Config GetResourceConfigHistory for " + what, worstCase);
        GetResourceConfigHistoryResponse response = AwsErrors.call("Config GetResourceConfigHistory for " + what,
                () -> config.getResourceConfigHistory(r -> r.resourceType(resourceType).resourceId(resourceId)
                        .laterTime(captureTime).limit(1)));
        List<software.amazon.awssdk.services.config.model.ConfigurationItem> items = response.configurationItems();
        if (items.isEmpty()) {
            throw new AwsOperationException("Config GetResourceConfigHistory returned no configuration item for "
                    + what + " captured at or before " + captureTime, null);
        }
        return convert(items.get(0), captureTime);
    }

    static ConfigurationItem convert(software.amazon.awssdk.services.config.model.ConfigurationItem api,
                                     Instant fallbackTime) {
        String statusText = api.configurationItemStatusAsString();
        ItemStatus status = ItemStatus.of(statusText).orElseThrow(() -> new MalformedEventException(
                SOURCE + ": configurationItemStatus \"" + statusText + "\" is not a known status"));
        Optional<JsonNode> configuration = Optional.empty();
        if (api.configuration() != null && !api.configuration().isBlank()) {
            JsonNode node;
            try {
                node = StrictJson.read(api.configuration());
            } catch (JsonInputException e) {
                throw new MalformedEventException(SOURCE + ": configuration is not valid JSON: " + e.getMessage());
            }
            if (node.isObject()) {
                configuration = Optional.of(node);
            } else if (!node.isNull()) {
                throw new MalformedEventException(SOURCE + ": configuration is not a JSON object");
            }
        }
        Map<String, String> tags = new LinkedHashMap<>(api.hasTags() ? api.tags() : Map.of());
        configuration.ifPresent(conf -> tags.putAll(ConfigEventParser.tagList(conf.get("tags"),
                SOURCE + ".configuration.tags")));
        return new ConfigurationItem(api.resourceTypeAsString(), api.resourceId(),
                Optional.ofNullable(api.resourceName()), Optional.ofNullable(api.arn()), status,
                api.configurationItemCaptureTime() == null ? fallbackTime : api.configurationItemCaptureTime(),
                configuration, tags);
    }
}
