package io.github.crossaccountmfa.template;

/**
 * What a verdict assumed about a value the template leaves open.
 *
 * @param value   the value as the template names it: {@code Ref ExternalId}, {@code Fn::If IsProduction}
 * @param assumed what was assumed: {@code any value: the caller supplies it}
 */
public record Assumption(String value, String assumed) {

    /** {@code Ref ExternalId = any value: the caller supplies it} */
    public String clause() {
        return value + " = " + assumed;
    }
}
