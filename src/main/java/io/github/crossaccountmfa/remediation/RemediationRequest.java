package io.github.crossaccountmfa.remediation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.rule.ParameterException;
import io.github.crossaccountmfa.rule.RuleParameters;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One remediation to run: the input of the remediation Lambda, which is the {@code InputPayload} of the SSM
 * Automation step, e.g. {@code {"RoleId":"AROA…","Apply":"true","RuleParameters":"{\"TrustedAccountIds\":\"…\"}"}}.
 *
 * @param role       the role to remediate
 * @param apply      write the new policy; otherwise a dry run
 * @param parameters the rule parameters that decide what is offending (trusted accounts etc.)
 */
public record RemediationRequest(RoleSelector role, boolean apply, RuleParameters parameters) {
    public static final String ROLE_ID = "RoleId";
    public static final String APPLY = "Apply";
    public static final String RULE_PARAMETERS = "RuleParameters";
    private static final Set<String> KEYS = Set.of(ROLE_ID, APPLY, RULE_PARAMETERS);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads an {@code InputPayload}. {@code Apply} may be a string or a boolean and defaults to false;
     * {@code RuleParameters} may be a JSON string or an object and defaults to {@code defaultParameters} (the
     * function's {@code RULE_PARAMETERS} variable, which the template sets to the rule's parameters).
     *
     * @throws RemediationException naming the key that is missing, unknown or malformed
     */
    public static RemediationRequest fromPayload(Map<String, ?> payload, Optional<String> defaultParameters) {
        if (payload == null || payload.isEmpty()) {
            throw new RemediationException("the input is empty: expected {\"RoleId\": \"AROA…\", \"Apply\": \"false\"}");
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
        return new RemediationRequest(new RoleSelector.ById(roleId), apply(payload.get(APPLY)),
                parameters(payload.get(RULE_PARAMETERS), defaultParameters));
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
            default -> throw new RemediationException(APPLY + ": expected \"true\" or \"false\", got \"" + value + "\"");
        };
    }

    private static RuleParameters parameters(Object value, Optional<String> defaults) {
        String json;
        if (value instanceof Map<?, ?> map) {
            json = JSON.valueToTree(map).toString();
        } else if (value == null || text(RULE_PARAMETERS, value).isBlank()) {
            json = defaults.orElse("");
        } else {
            json = text(RULE_PARAMETERS, value);
        }
        try {
            return RuleParameters.parse(json);
        } catch (ParameterException e) {
            throw new RemediationException(RULE_PARAMETERS + ": " + e.getMessage(), e);
        }
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
