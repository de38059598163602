package io.github.crossaccountmfa.policy;

import java.util.List;
import java.util.Locale;

/**
 * One key of one operator block, e.g. {@code "Bool": {"aws:MultiFactorAuthPresent": "true"}}.
 * Values are kept as strings: IAM compares JSON booleans and numbers by their text.
 *
 * @param qualifier  {@code ForAllValues:} / {@code ForAnyValue:} prefix, or none
 * @param operator   the base operator
 * @param ifExists   whether the operator carries the {@code IfExists} suffix
 * @param key        the condition key as written
 * @param values     the values, at least one (multiple values are OR-ed)
 */
public record Condition(SetQualifier qualifier, Operator operator, boolean ifExists, String key,
                        String normalizedKey, List<String> values) {

    /**
     * @param normalizedKey the key in lower case: condition keys are case-insensitive, this is the form to compare
     *                      (kept as a component because the engine compares it in its innermost loops)
     */
    public Condition {
        values = List.copyOf(values);
        if (!normalizedKey.equals(key.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("normalizedKey must be the lower-case key");
        }
    }

    public Condition(SetQualifier qualifier, Operator operator, boolean ifExists, String key, List<String> values) {
        this(qualifier, operator, ifExists, key, key.toLowerCase(Locale.ROOT), values);
    }

    /** The operator as IAM spells it, e.g. {@code ForAnyValue:StringLikeIfExists}. */
    public String operatorText() {
        return qualifier.prefix() + operator.text() + (ifExists ? "IfExists" : "");
    }

    @Override
    public String toString() {
        return operatorText() + " " + key + " " + (values.size() == 1 ? "\"" + values.get(0) + "\"" : values.toString());
    }
}
