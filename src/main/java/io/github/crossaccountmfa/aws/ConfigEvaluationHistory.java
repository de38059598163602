package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.EvaluationHistory;

import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.EvaluationResult;
import software.amazon.awssdk.services.config.model.EvaluationResultIdentifier;
import software.amazon.awssdk.services.config.model.EvaluationResultQualifier;
import software.amazon.awssdk.services.config.model.GetComplianceDetailsByConfigRuleResponse;

/** {@code GetComplianceDetailsByConfigRule}, COMPLIANT and NON_COMPLIANT results, 100 per page (the maximum). */
public final class ConfigEvaluationHistory implements EvaluationHistory {
    static final int PAGE_SIZE = 100;

    private final ConfigClient config;

    public ConfigEvaluationHistory(ConfigClient config) {
        this.config = config;
    }

    @Override
    public void forEachResult(String ruleName, Consumer<Result> consumer) {
        String token = null;
        do {
            String current = token;
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
