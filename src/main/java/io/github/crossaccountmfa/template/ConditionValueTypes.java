package io.github.crossaccountmfa.template;

import io.github.crossaccountmfa.rule.ConditionKey;

/**
 * What kind of value a trust policy compares a condition key with, so that a value the template leaves open can be
 * given the values it could take. This is about the policy's side of the comparison; the knowledge about each key
 * (its format, who chooses it) is the engine's catalogue, {@link ConditionKey}.
 */
final class ConditionValueTypes {

    /** The kinds of value. */
    enum ValueType {
        /** A 12-digit account id. */
        ACCOUNT,
        /** An IAM principal ARN. */
        ARN,
        /** An organization id {@code o-…}. */
        ORGANIZATION,
        /** An organization path {@code o-…/r-…/ou-…/}. */
        ORGANIZATION_PATH,
        /** The secret a third party presents. */
        EXTERNAL_ID,
        /** A value the caller puts in its own request. */
        CALLER_SUPPLIED,
        /** Anything else. */
        OTHER
    }

    private ConditionValueTypes() {
    }

    static ValueType of(String key) {
        return ConditionKey.of(key).map(ConditionValueTypes::of).orElse(ValueType.OTHER);
    }

    private static ValueType of(ConditionKey key) {
        return switch (key.format()) {
            case ACCOUNT_ID -> ValueType.ACCOUNT;
            case ARN -> ValueType.ARN;
            case ORG_ID -> ValueType.ORGANIZATION;
            case ORG_PATH -> ValueType.ORGANIZATION_PATH;
            case EXTERNAL_ID -> ValueType.EXTERNAL_ID;
            default -> key.callerChosen() ? ValueType.CALLER_SUPPLIED : ValueType.OTHER;
        };
    }
}
