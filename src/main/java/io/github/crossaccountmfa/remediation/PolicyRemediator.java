package io.github.crossaccountmfa.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.policy.PolicyParseException;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.rule.Admission;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.Finding;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rewrites a trust policy so that third parties need MFA: each offending Allow statement gets
 * {@code "Bool": {"aws:MultiFactorAuthPresent": "true"}} (a {@code BoolIfExists} on that key is upgraded to it).
 * When an offending statement also names principals that are not offending (the own account, a service), the
 * offending principals move to a copy of the statement that requires MFA, so nobody else is affected.
 * Everything else in the document is preserved, element order included. The result is checked with the engine.
 */
public final class PolicyRemediator {
    static final String MFA_KEY = "aws:MultiFactorAuthPresent";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final VerdictEngine engine;

    public PolicyRemediator(VerdictEngine engine) {
        this.engine = engine;
    }

    /**
     * @throws PolicyParseException when the document is not a trust policy (nothing can be safely rewritten)
     */
    public Remediation remediate(String document, RoleContext role) {
        Evaluation before = engine.evaluate(TrustPolicy.parse(document), role);
        if (before.compliance() != Compliance.NON_COMPLIANT) {
            return new Remediation(before, Optional.empty(), before, List.of());
        }
        ObjectNode root = tree(TrustPolicy.decode(document));
        List<String> changes = new ArrayList<>();
        ArrayNode statements = statementArray(root);
        // In statement order, so that the changes read top to bottom and name each statement by its number in the
        // new policy (every split-off copy shifts the statements after it by one).
        TreeMap<Integer, ObjectNode> copies = new TreeMap<>();
        for (Map.Entry<Integer, Set<String>> entry : offending(before).entrySet()) {
            int number = entry.getKey() + copies.size();
            ObjectNode statement = (ObjectNode) statements.get(entry.getKey() - 1);
            fixStatement(statement, number, entry.getValue(), changes).ifPresent(copy -> copies.put(entry.getKey(), copy));
        }
        // Each copy goes right after its statement; last first, so the positions still to use stay valid.
        copies.descendingMap().forEach(statements::insert);
        String text = write(root);
        TrustPolicy original = TrustPolicy.parse(document);
        TrustPolicy fixed = TrustPolicy.parse(text);
        Evaluation after = engine.evaluate(fixed, role);
        if (after.compliance() == Compliance.NON_COMPLIANT) {
            throw new IllegalStateException("remediation left the policy NON_COMPLIANT: " + after.annotation());
        }
        // A rewrite must only take access away: check it rather than trust it.
        Set<Admission> added = new LinkedHashSet<>(engine.admissions(fixed, original, role));
        added.removeAll(engine.admissions(original, fixed, role));
        if (!added.isEmpty()) {
            throw new IllegalStateException("remediation would grant new access: " + added);
        }
        return new Remediation(before, Optional.of(text), after, changes);
    }

    /** Statement number (1-based) → offending principals as written ("" for a NotPrincipal statement). */
    private static TreeMap<Integer, Set<String>> offending(Evaluation evaluation) {
        TreeMap<Integer, Set<String>> byStatement = new TreeMap<>();
        for (Finding finding : evaluation.findings()) {
            if (finding.kind() == Finding.Kind.NO_MFA && finding.statement().isPresent()) {
                byStatement.computeIfAbsent(finding.statement().get(), k -> new LinkedHashSet<>()).add(finding.principal());
            }
        }
        return byStatement;
    }

    /**
     * Requires MFA in statement {@code number} of the new policy, or in a copy that takes over its offending
     * principals (returned, to be inserted after it as statement {@code number + 1}).
     */
    private static Optional<ObjectNode> fixStatement(ObjectNode statement, int number, Set<String> offending,
                                                     List<String> changes) {
        Optional<ObjectNode> copy = splitOff(statement, offending);
        if (copy.isPresent()) {
            changes.add("statement " + number + ": moved " + String.join(", ", offending) + " to a new statement "
                    + (number + 1) + " that requires MFA; the other principals keep their access");
            requireMfa(copy.get(), "statement " + (number + 1), changes);
        } else {
            requireMfa(statement, "statement " + number, changes);
        }
        return copy;
    }

    /**
     * Removes the offending principals from {@code statement} and returns a copy that names only them, when the
     * statement also names principals that are not offending; empty when all its principals are offending.
     */
    private static Optional<ObjectNode> splitOff(ObjectNode statement, Set<String> offending) {
        JsonNode principal = statement.get("Principal");
        if (principal == null || !principal.isObject() || offending.contains("")) {
            return Optional.empty();
        }
        Map<String, List<JsonNode>> keep = new LinkedHashMap<>();
        List<JsonNode> moved = new ArrayList<>();
        for (Map.Entry<String, JsonNode> type : principal.properties()) {
            for (JsonNode value : values(type.getValue())) {
                if (type.getKey().equals("AWS") && offending.contains(principalText(value))) {
                    moved.add(value);
                } else {
                    keep.computeIfAbsent(type.getKey(), k -> new ArrayList<>()).add(value);
                }
            }
        }
        if (keep.isEmpty() || moved.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode copy = statement.deepCopy();
        if (copy.has("Sid") && copy.get("Sid").isTextual()) {
            copy.put("Sid", copy.get("Sid").textValue() + "RequireMfa");
        }
        ObjectNode movedPrincipal = JSON.createObjectNode();
        movedPrincipal.set("AWS", node(moved));
        copy.set("Principal", movedPrincipal);
        ObjectNode keptPrincipal = JSON.createObjectNode();
        keep.forEach((type, list) -> keptPrincipal.set(type, node(list)));
        statement.set("Principal", keptPrincipal);
        return Optional.of(copy);
    }

    /**
     * Adds Bool aws:MultiFactorAuthPresent "true", replacing weaker MFA tests on the same key. A Bool condition that
     * only accepts "false" cannot be turned into "true" without granting MFA callers something new, so MFA is then
     * required through aws:MultiFactorAuthAge instead (the statement will no longer match anyone: flagged for review).
     */
    private static void requireMfa(ObjectNode statement, String label, List<String> changes) {
        ObjectNode condition = statement.has("Condition") && statement.get("Condition").isObject()
                ? (ObjectNode) statement.get("Condition")
                : statement.putObject("Condition");
        String boolOperator = fieldIgnoringCase(condition, "Bool").orElse("Bool");
        ObjectNode bool = condition.has(boolOperator) ? (ObjectNode) condition.get(boolOperator) : condition.putObject(boolOperator);
        Optional<String> existingKey = fieldIgnoringCase(bool, MFA_KEY);
        if (existingKey.isEmpty()) {
            bool.put(MFA_KEY, "true");
            changes.add(label + ": added \"Bool\": {\"" + MFA_KEY + "\": \"true\"}");
        } else if (acceptsTrue(bool.get(existingKey.get()))) {
            bool.put(existingKey.get(), "true");
            changes.add(label + ": set " + boolOperator + " " + existingKey.get() + " to \"true\" (it also accepted requests without MFA)");
        } else {
            ObjectNode numeric = condition.has("NumericGreaterThanEquals") && condition.get("NumericGreaterThanEquals").isObject()
                    ? (ObjectNode) condition.get("NumericGreaterThanEquals") : condition.putObject("NumericGreaterThanEquals");
            numeric.put("aws:MultiFactorAuthAge", "0");
            changes.add(label + ": its " + boolOperator + " " + existingKey.get() + " condition admits only requests "
                    + "without MFA; added \"NumericGreaterThanEquals\": {\"aws:MultiFactorAuthAge\": \"0\"}, so the "
                    + "statement now matches nobody: review whether it is still needed");
        }
        fieldIgnoringCase(condition, "BoolIfExists").ifPresent(operator -> {
            ObjectNode ifExists = (ObjectNode) condition.get(operator);
            fieldIgnoringCase(ifExists, MFA_KEY).ifPresent(key -> {
                if (!acceptsTrue(ifExists.get(key))) {
                    // Removing it would admit MFA callers it excludes; with Bool "true" beside it nobody matches.
                    changes.add(label + ": kept " + operator + " " + key + " \"false\"; together with the MFA "
                            + "requirement the statement now matches nobody: review whether it is still needed");
                    return;
                }
                ifExists.remove(key);
                if (ifExists.isEmpty()) {
                    condition.remove(operator);
                }
                changes.add(label + ": removed " + operator + " " + key + ", which let long-term access keys through");
            });
        });
    }

    private static boolean acceptsTrue(JsonNode value) {
        for (JsonNode v : values(value)) {
            if (v.asText().equalsIgnoreCase("true")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> fieldIgnoringCase(JsonNode object, String name) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (field.equalsIgnoreCase(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    private static List<JsonNode> values(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(list::add);
        } else {
            list.add(node);
        }
        return list;
    }

    private static JsonNode node(List<JsonNode> values) {
        if (values.size() == 1) {
            return values.get(0);
        }
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    /** The principal text the engine reports: numbers (unquoted account ids) padded to 12 digits. */
    private static String principalText(JsonNode value) {
        return value.isIntegralNumber() ? String.format("%012d", value.longValue()) : value.asText();
    }

    private static ArrayNode statementArray(ObjectNode root) {
        JsonNode statement = root.get("Statement");
        if (statement.isArray()) {
            return (ArrayNode) statement;
        }
        ArrayNode array = JSON.createArrayNode().add(statement);
        root.set("Statement", array);
        return array;
    }

    private static ObjectNode tree(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PolicyParseException("", "invalid JSON: " + e.getOriginalMessage());
        }
    }

    private static String write(JsonNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
