package io.github.crossaccountmfa.rule;

/** The verdicts the rule reports to AWS Config. */
public enum Compliance {
    COMPLIANT,
    NON_COMPLIANT,
    NOT_APPLICABLE
}
