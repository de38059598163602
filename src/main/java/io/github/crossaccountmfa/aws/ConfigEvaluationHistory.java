package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.CallGuard;
import io.github.crossaccountmfa.invocation.EvaluationHistory;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GetComplianceDetailsByConfigRule}, COMPLIANT and NON_COMPLIANT results, 100 per page (the maximum), each
 * page preceded by the invocation's {@link CallGuard}.
 */
public final class ConfigEvaluationHistory implements EvaluationHistory {
    static final int PAGE_SIZE = 100;

    private final AwsConfigApi config;
    private final CallGuard guard;
    private final Duration worstCase;

    public ConfigEvaluationHistory(AwsConfigApi config) {
        this(config, CallGuard.NONE, Duration.ZERO);
    }

    public ConfigEvaluationHistory(AwsConfigApi config, CallGuard guard, Duration worstCase) {
        this.config = config;
        this.guard = guard;
        this.worstCase = worstCase;
    }

    @Override
    public void forEachResult(String ruleName, Consumer<Result> consumer) {
        String token = null;
        int pages = 0;
        do {
            String current = token;
            guard.beforeCall("Config GetComplianceDetailsByConfigRule (clean-up of deleted roles, page " + ++pages
                    + ")", worstCase);
            String request = AwsConfigApi.request(json -> {
                json.writeStringField("ConfigRuleName", ruleName);
                json.writeArrayFieldStart("ComplianceTypes");
                json.writeString("COMPLIANT");
                json.writeString("NON_COMPLIANT");
                json.writeEndArray();
                json.writeNumberField("Limit", PAGE_SIZE);
                if (current != null) {
                    json.writeStringField("NextToken", current);
                }
            });
            JsonNode page = AwsErrors.call("Config GetComplianceDetailsByConfigRule for rule " + ruleName,
                    () -> config.call("GetComplianceDetailsByConfigRule", request));
            for (JsonNode result : page.path("EvaluationResults")) {
                JsonNode identifier = result.path("EvaluationResultIdentifier");
                JsonNode qualifier = identifier.path("EvaluationResultQualifier");
                Optional<String> type = AwsConfigApi.text(qualifier, "ResourceType");
                Optional<String> id = AwsConfigApi.text(qualifier, "ResourceId");
                if (type.isEmpty() || id.isEmpty()) {
                    continue;
                }
                consumer.accept(new Result(type.get(), id.get(),
                        AwsConfigApi.timestamp(identifier.get("OrderingTimestamp"))));
            }
            token = AwsConfigApi.text(page, "NextToken").orElse(null);
        } while (token != null && !token.isEmpty());
    }
}
