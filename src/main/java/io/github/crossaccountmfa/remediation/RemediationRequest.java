package io.github.crossaccountmfa.remediation;

import io.github.crossaccountmfa.input.Excerpt;
import io.github.crossaccountmfa.rule.RuleParameters;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One remediation to run: the input of the remediation Lambda, which is the {@code InputPayload} of the SSM
 * Automation step, e.g. {@code {"RoleId":"AROA…","Apply":"true"}}.
 *
 * @param role       the role to remediate
 * @param apply      write the new policy; otherwise a dry run
 * @param parameters the rule parameters that decide what is offending (trusted accounts etc.): the function's own
 *                   configuration, never the caller's
 */
public record RemediationRequest(RoleSelector role, boolean apply, RuleParameters parameters) {
    public static final String ROLE_ID = "RoleId";
    public static final String APPLY = "Apply";
    private static final Set<String> KEYS = Set.of(ROLE_ID, APPLY);
    private static final String RULE_PARAMETERS = "RuleParameters";

    /**
     * Reads an {@code InputPayload}. {@code Apply} may be a string or a boolean and defaults to false. The rule
     * parameters are {@code configured} (the function's {@code RULE_PARAMETERS} variable, which the template sets
     * to the rule's): a payload cannot bring its own, or whoever may invoke the function could declare any account
     * trusted and so decide what counts as offending.
     *
     * @throws RemediationException naming the key that is missing, unknown or malformed
     */
    public static RemediationRequest fromPayload(Map<String, ?> payload, RuleParameters configured) {
        if (payload == null || payload.isEmpty()) {
            throw new RemediationException("the input is empty: expected {\"RoleId\": \"AROA…\", \"Apply\": \"false\"}");
        }
        if (payload.containsKey(RULE_PARAMETERS)) {
            throw new RemediationException(RULE_PARAMETERS + " is not accepted in the input: the function uses the "
                    + "rule parameters it was deployed with (its RULE_PARAMETERS variable); nothing was changed");
        }
        Set<String> unknown = new TreeSet<>(payload.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new RemediationException("unknown input key(s) " + unknown + " (expected " + new TreeSet<>(KEYS) + ")");
        }
        String roleId = text(ROLE_ID, payload.get(ROLE_ID)).strip();
        if (roleId.isEmpty()) {
            throw new RemediationException(ROLE_ID + " is missing: the id (AROA…) of the role to remediate");
        }
        return new RemediationRequest(new RoleSelector.ById(roleId), apply(payload.get(APPLY)), configured);
    }

    private static boolean apply(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        String text = text(APPLY, value).strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new RemediationException(APPLY + ": expected \"true\" or \"false\", got "
                    + Excerpt.quote(text(APPLY, value)));
        };
    }

    private static String text(String key, Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value.toString();
        }
        throw new RemediationException(key + ": expected a string, got " + value.getClass().getSimpleName());
    }
}
