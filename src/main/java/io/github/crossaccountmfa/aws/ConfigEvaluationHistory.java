package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.CallGuard;
import io.github.crossaccountmfa.invocation.EvaluationHistory;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.EvaluationResult;
import software.amazon.awssdk.services.config.model.EvaluationResultIdentifier;
import software.amazon.awssdk.services.config.model.EvaluationResultQualifier;
import software.amazon.awssdk.services.config.model.GetComplianceDetailsByConfigRuleResponse;

/**
 * {@code GetComplianceDetailsByConfigRule}, COMPLIANT and NON_COMPLIANT results, 100 per page (the maximum), each
 * page preceded by the invocation's {@link CallGuard}.
 */
public final class ConfigEvaluationHistory implements EvaluationHistory {
    static final int PAGE_SIZE = 100;

    private final ConfigClient config;
    private final CallGuard guard;
    private final Duration worstCase;

    public ConfigEvaluationHistory(ConfigClient config) {
        this(config, CallGuard.NONE, Duration.ZERO);
    }

    public ConfigEvaluationHistory(ConfigClient config, CallGuard guard, Duration worstCase) {
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
            GetComplianceDetailsByConfigRuleResponse page = AwsErrors.call(
                    "Config GetComplianceDetailsByConfigRule for rule " + ruleName,
                    () -> config.getComplianceDetailsByConfigRule(r -> r.configRuleName(ruleName)
                            .complianceTypes(ComplianceType.COMPLIANT, ComplianceType.NON_COMPLIANT)
                            .limit(PAGE_SIZE).nextToken(current)));
            for (EvaluationResult result : page.evaluationResults()) {
                EvaluationResultIdentifier identifier = result.evaluationResultIdentifier();
                EvaluationResultQualifier qualifier = identifier == null ? null : identifier.evaluationResultQualifier();
                if (qualifier == null || qualifier.resourceId() == null || qualifier.resourceType() == null) {
                    continue;
                }
                consumer.accept(new Result(qualifier.resourceType(), qualifier.resourceId(),
                        Optional.ofNullable(identifier.orderingTimestamp())));
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
    }
}
