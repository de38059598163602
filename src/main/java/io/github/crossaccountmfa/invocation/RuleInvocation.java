package io.github.crossaccountmfa.invocation;

import io.github.crossaccountmfa.rule.RuleParameters;
import java.time.Instant;
import java.util.Optional;

/** One parsed AWS Config event: what to evaluate, under which rule, and where to report. */
public sealed interface RuleInvocation {

    Header header();

    /**
     * What every message type carries.
     *
     * @param messageType    {@code invokingEvent.messageType}
     * @param ruleName       {@code configRuleName} (needed for the periodic clean-up)
     * @param ruleArn        {@code configRuleArn} (gives the partition)
     * @param accountId      {@code accountId}: the account that owns the rule (organization mode assumes a role there)
     * @param resultToken    {@code resultToken} for PutEvaluations ({@code TESTMODE}: a test run); never logged
     * @param eventLeftScope the resource left the rule's scope
     * @param parameters     the validated rule parameters
     */
    record Header(String messageType, Optional<String> ruleName, Optional<String> ruleArn, Optional<String> accountId,
                  String resultToken, boolean eventLeftScope, RuleParameters parameters) {
    }

    /** {@code ConfigurationItemChangeNotification}: the whole item is in the event. */
    record Change(Header header, ConfigurationItem item) implements RuleInvocation {
    }

    /**
     * {@code OversizedConfigurationItemChangeNotification}: only a summary (no {@code configuration}); the item is
     * fetched with {@code GetResourceConfigHistory}.
     */
    record Oversized(Header header, ConfigurationItem summary) implements RuleInvocation {
    }

    /** {@code ScheduledNotification}: every role of the account, at {@code notificationCreationTime}. */
    record Scheduled(Header header, Instant notificationCreationTime) implements RuleInvocation {
    }
}
