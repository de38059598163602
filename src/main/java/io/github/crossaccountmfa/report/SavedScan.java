package io.github.crossaccountmfa.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.rule.Compliance;
import java.util.ArrayList;
import java.util.List;

/**
 * A saved {@code scan --format json} read back for {@code third-parties --input}: the roles with who can get in,
 * and the accounts or lines that are errors. A bad line costs only itself.
 *
 * @param roles  the roles read
 * @param errors one message per line that is not a role (an unreachable account, a line that cannot be read)
 */
public record SavedScan(List<RoleAccess> roles, List<String> errors) {

    public SavedScan {
        roles = List.copyOf(roles);
        errors = List.copyOf(errors);
    }

    public static SavedScan parse(String text, String origin) {
        List<RoleAccess> roles = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String where = origin + " line " + (i + 1);
            try {
                JsonNode node = EvaluationJson.MAPPER.readTree(lines[i]);
                if (node == null || !node.isObject()) {
                    errors.add(where + ": expected one JSON object per line, as scan --format json writes");
                } else if (node.has("error")) {
                    errors.add(where + ": account " + node.path("accountId").asText("?") + " was not audited: "
                            + node.path("error").asText());
                } else {
                    roles.add(role(node, where));
                }
            } catch (JsonProcessingException e) {
                errors.add(where + ": not JSON (expected the output of scan --format json)");
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        return new SavedScan(roles, errors);
    }

    private static RoleAccess role(JsonNode node, String where) {
        String roleName = text(node, "roleName", where);
        String arn = text(node, "arn", where);
        Compliance compliance;
        try {
            compliance = Compliance.valueOf(text(node, "compliance", where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": compliance: expected NON_COMPLIANT, COMPLIANT or "
                    + "NOT_APPLICABLE");
        }
        JsonNode access = node.path("access");
        if (!access.isArray()) {
            throw new IllegalArgumentException(where + ": no \"access\" list (save the scan again with this "
                    + "version's scan --format json)");
        }
        List<AccessEntry> entries = new ArrayList<>();
        for (int i = 0; i < access.size(); i++) {
            entries.add(AccessEntry.fromJson(access.get(i), where + ": access[" + i + "]"));
        }
        String accountId = node.path("accountId").isTextual() ? node.path("accountId").asText() : "";
        return new RoleAccess(accountId, roleName, arn, compliance, entries);
    }

    private static String text(JsonNode node, String field, String where) {
        if (!node.path(field).isTextual()) {
            throw new IllegalArgumentException(where + ": " + field + ": expected a string");
        }
        return node.path(field).asText();
    }
}
