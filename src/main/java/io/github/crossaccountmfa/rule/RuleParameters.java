package io.github.crossaccountmfa.rule;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.input.Excerpt;
import io.github.crossaccountmfa.input.JsonInputException;
import io.github.crossaccountmfa.input.StrictJson;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule's parameters (AWS Config {@code InputParameters}), validated. All are optional; an empty string means
 * "not set" because CloudFormation passes empty stack parameters through.
 *
 * @param trustedAccountIds      accounts treated like the role's own account
 * @param trustedOrganizationIds organizations whose members (via {@code aws:PrincipalOrgID}) are internal
 * @param acceptExternalId       an exact {@code sts:ExternalId} requirement counts as protection
 * @param exemptionTagKey        roles carrying this tag are NOT_APPLICABLE
 * @param executionRoleName      role to assume in the event's account (organization mode)
 */
public record RuleParameters(Set<String> trustedAccountIds, Set<String> trustedOrganizationIds,
                             boolean acceptExternalId, Optional<String> exemptionTagKey,
                             Optional<String> executionRoleName) {

    public static final String TRUSTED_ACCOUNT_IDS = "TrustedAccountIds";
    public static final String TRUSTED_ORGANIZATION_IDS = "TrustedOrganizationIds";
    public static final String ACCEPT_EXTERNAL_ID = "AcceptExternalId";
    public static final String EXEMPTION_TAG_KEY = "ExemptionTagKey";
    public static final String EXECUTION_ROLE_NAME = "ExecutionRoleName";
    private static final Set<String> KEYS = Set.of(TRUSTED_ACCOUNT_IDS, TRUSTED_ORGANIZATION_IDS, ACCEPT_EXTERNAL_ID,
            EXEMPTION_TAG_KEY, EXECUTION_ROLE_NAME);

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ORG_ID = Pattern.compile("o-[a-z0-9]{10,32}");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    public static final RuleParameters DEFAULTS =
            new RuleParameters(Set.of(), Set.of(), false, Optional.empty(), Optional.empty());

    public RuleParameters {
        trustedAccountIds = Set.copyOf(trustedAccountIds);
        trustedOrganizationIds = Set.copyOf(trustedOrganizationIds);
    }

    /**
     * Parses the JSON object Config passes as {@code ruleParameters}. {@code null}, blank and {@code {}} give the defaults.
     *
     * @throws ParameterException naming the key that is unknown or malformed
     */
    public static RuleParameters parse(String json) {
        if (json == null || json.isBlank()) {
            return DEFAULTS;
        }
        JsonNode root;
        try {
            root = StrictJson.read(json);
        } catch (JsonInputException e) {
            throw new ParameterException("rule parameters are not valid JSON: " + e.getMessage());
        }
        if (root.isNull()) {
            return DEFAULTS;
        }
        if (!root.isObject()) {
            throw new ParameterException("rule parameters must be a JSON object of strings");
        }
        return fromNode(root);
    }

    private static RuleParameters fromNode(JsonNode root) {
        Set<String> accounts = Set.of();
        Set<String> orgs = Set.of();
        boolean acceptExternalId = false;
        Optional<String> tagKey = Optional.empty();
        Optional<String> roleName = Optional.empty();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (!KEYS.contains(key)) {
                throw new ParameterException("unknown rule parameter " + Excerpt.quote(key) + " (expected one of "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
            String value = text(key, entry.getValue()).strip();
            if (value.isEmpty()) {
                continue;
            }
            switch (key) {
                case TRUSTED_ACCOUNT_IDS -> accounts = list(key, value, ACCOUNT_ID, "a 12-digit account id");
                case TRUSTED_ORGANIZATION_IDS -> orgs = list(key, value, ORG_ID, "an organization id like o-a1b2c3d4e5");
                case ACCEPT_EXTERNAL_ID -> acceptExternalId = bool(key, value);
                case EXEMPTION_TAG_KEY -> tagKey = Optional.of(single(key, value, TAG_KEY, "a tag key (1-128 characters)"));
                case EXECUTION_ROLE_NAME -> roleName = Optional.of(single(key, value, ROLE_NAME,
                        "an IAM role name (1-64 characters of letters, digits and +=,.@_-)"));
                default -> throw new IllegalStateException(key);
            }
        }
        return new RuleParameters(accounts, orgs, acceptExternalId, tagKey, roleName);
    }

    private static String text(String key, JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean() || node.isNumber()) {
            return node.asText();
        }
        if (node.isNull()) {
            return "";
        }
        throw new ParameterException(key + ": expected a string, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }

    private static Set<String> list(String key, String value, Pattern pattern, String what) {
        Set<String> items = new LinkedHashSet<>();
        for (String raw : value.split(",", -1)) {
            String item = raw.strip();
            if (!pattern.matcher(item).matches()) {
                throw new ParameterException(key + ": " + Excerpt.quote(item) + " is not " + what);
            }
            items.add(item);
        }
        return items;
    }

    private static boolean bool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ParameterException(key + ": expected \"true\" or \"false\", got "
                    + Excerpt.quote(value));
        };
    }

    private static String single(String key, String value, Pattern pattern, String what) {
        if (!pattern.matcher(value).matches()) {
            throw new ParameterException(key + ": " + Excerpt.quote(value) + " is not " + what);
        }
        return value;
    }
}
