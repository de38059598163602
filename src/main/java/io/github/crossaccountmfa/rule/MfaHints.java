package io.github.crossaccountmfa.rule;

import io.github.crossaccountmfa.policy.Condition;
import io.github.crossaccountmfa.policy.Operator;
import io.github.crossaccountmfa.policy.SetQualifier;
import io.github.crossaccountmfa.policy.Statement;

/** Explains why an MFA condition that looks protective is not, for the most common mistakes. */
final class MfaHints {
    private MfaHints() {
    }

    /** A clause to append to a NO_MFA message ({@code ""} when the statement has no MFA condition at all). */
    static String hint(Statement statement) {
        for (Condition c : statement.conditions()) {
            String key = c.normalizedKey();
            boolean present = ConditionKey.MULTI_FACTOR_AUTH_PRESENT.is(key);
            boolean age = ConditionKey.MULTI_FACTOR_AUTH_AGE.is(key);
            if (!present && !age) {
                continue;
            }
            if (c.qualifier() == SetQualifier.FOR_ALL_VALUES) {
                return "; " + c.operatorText() + " on " + c.key() + " holds when the key is absent";
            }
            if (c.ifExists()) {
                return "; " + c.operatorText() + " on " + c.key() + " passes requests made with long-term access "
                        + "keys, which carry no MFA key: use " + c.operator().text();
            }
            if (c.operator() == Operator.NULL) {
                return present
                        ? "; Null on " + ConditionKey.MULTI_FACTOR_AUTH_PRESENT.text() + " only tells temporary from long-term credentials, "
                                + "not whether MFA was used"
                        : "; Null " + c.values() + " on " + ConditionKey.MULTI_FACTOR_AUTH_AGE.text() + " does not require the key";
            }
            if (present && c.operator() == Operator.BOOL && c.values().stream().anyMatch(v -> v.equalsIgnoreCase("false"))) {
                return "; the Bool condition on " + ConditionKey.MULTI_FACTOR_AUTH_PRESENT.text() + " accepts \"false\"";
            }
        }
        return "";
    }
}
