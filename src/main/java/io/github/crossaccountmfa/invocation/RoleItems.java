package io.github.crossaccountmfa.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.rule.RoleRecord;
import java.util.Optional;

/** Reads the role out of an {@code AWS::IAM::Role} configuration item. */
public final class RoleItems {
    private RoleItems() {
    }

    /**
     * The role described by {@code item}, tags included (so no IAM call is needed to look them up).
     * {@code assumeRolePolicyDocument} may be the URL-encoded string real items carry or an embedded JSON object
     * (as in RDK's example items); both are accepted.
     *
     * @param path where the item came from, for error messages (e.g. {@code configurationItem})
     * @throws MalformedEventException if the item has no configuration or ARN
     */
    public static RoleRecord roleRecord(ConfigurationItem item, String path) {
        JsonNode conf = item.configuration().orElseThrow(() -> new MalformedEventException(path
                + ".configuration is missing for a role with status " + item.status()));
        String policy = policy(conf.get("assumeRolePolicyDocument"));
        String arn = text(conf, "arn").or(item::arn).orElseThrow(() -> new MalformedEventException(
                path + ".ARN is missing (needed to know the role's account)"));
        String name = text(conf, "roleName").or(item::resourceName).orElse(item.resourceId());
        String rolePath = text(conf, "path").orElseGet(() -> pathFromArn(arn));
        return new RoleRecord(name, item.resourceId(), arn, rolePath, policy, Optional.of(item.tags()));
    }

    /**
     * The document as text: a string as it is, an embedded object as JSON. Anything else (missing, a number, a list)
     * is handed on as well, so that the engine reports the role NON_COMPLIANT with an annotation saying why: one
     * unreadable trust policy is that role's own failure, not the event's.
     */
    private static String policy(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    private static Optional<String> text(JsonNode conf, String field) {
        JsonNode node = conf.get(field);
        return node != null && node.isTextual() && !node.textValue().isBlank()
                ? Optional.of(node.textValue()) : Optional.empty();
    }

    /** {@code arn:aws:iam::1:role/a/b/name} has path {@code /a/b/}. */
    static String pathFromArn(String arn) {
        int resource = arn.indexOf(":role/");
        if (resource < 0) {
            return "/";
        }
        String rest = arn.substring(resource + ":role".length());
        return rest.substring(0, rest.lastIndexOf('/') + 1);
    }
}
