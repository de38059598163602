package io.github.crossaccountmfa.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.rule.Evaluation;

/**
 * The JSON shape of a {@link RemediationReport}, the same for the remediation Lambda (SSM shows it as the step's
 * output) and {@code remediate --format json}:
 * <pre>{"roleName","roleId","arn","changed","applied","before":{"compliance","annotation"},
 *  "after":{"compliance","annotation"},"proposedPolicy":{…},"changes":[…],"notificationMessageId"}</pre>
 * {@code proposedPolicy} is present only when a change is needed, {@code notificationMessageId} only when a notice
 * was published.
 */
public final class RemediationJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RemediationJson() {
    }

    public static ObjectNode toJson(RemediationReport report) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("roleName", report.roleName());
        node.put("roleId", report.roleId());
        node.put("arn", report.arn());
        node.put("changed", report.changed());
        node.put("applied", report.applied());
        node.set("before", verdict(report.before()));
        node.set("after", verdict(report.after()));
        report.proposedPolicy().ifPresent(policy -> node.set("proposedPolicy", tree(policy)));
        node.set("changes", MAPPER.valueToTree(report.changes()));
        report.notification().ifPresent(id -> node.put("notificationMessageId", id));
        if (!report.warnings().isEmpty()) {
            node.set("warnings", MAPPER.valueToTree(report.warnings()));
        }
        return node;
    }

    /** The same object as a map of plain Java values (what a Lambda {@code RequestHandler} returns). */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> toMap(RemediationReport report) {
        return MAPPER.convertValue(toJson(report), java.util.LinkedHashMap.class);
    }

    private static ObjectNode verdict(Evaluation evaluation) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("compliance", evaluation.compliance().name());
        node.put("annotation", evaluation.annotation());
        return node;
    }

    private static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the proposed policy is not JSON", e);
        }
    }
}
