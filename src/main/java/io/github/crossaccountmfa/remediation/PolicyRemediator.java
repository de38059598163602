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
import io.github.crossaccountmfa.rule.ConditionKey;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.Finding;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rewrites a trust policy so that third parties need MFA: each offending Allow statement gets
 * {@code "Bool": {"aws:MultiFactorAuthPresent": "true"}} (a {@code BoolIfExists} on that key is upgraded to it).
 * Nobody else loses anything:
 * <ul>
 *   <li>when an offending statement also names principals that are not offending (the own account, a service),
 *       the offending principals move to a copy of the statement that requires MFA;</li>
 *   <li>when the principal that lets third parties in also lets in callers of the role's own and trusted accounts
 *       ({@code "*"}, {@code NotPrincipal}, whatever the conditions select), those callers keep a copy of the
 *       statement without MFA, pinned to their accounts with {@code aws:PrincipalAccount}.</li>
 * </ul>
 * Every Sid stays unique. Everything else in the document is preserved, element order included. The result is
 * checked with the engine: no longer NON_COMPLIANT, no new third-party access, the own and trusted accounts' access
 * unchanged, and within IAM's size quota for trust policies.
 */
public final class PolicyRemediator {
    static final String MFA_KEY = ConditionKey.MULTI_FACTOR_AUTH_PRESENT.text();
    static final String ACCOUNT_KEY = ConditionKey.PRINCIPAL_ACCOUNT.text();
    static final String MFA_AGE_KEY = ConditionKey.MULTI_FACTOR_AUTH_AGE.text();
    static final String MFA_SUFFIX = "RequireMfa";
    static final String INTERNAL_SUFFIX = "OwnAccounts";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final VerdictEngine engine;

    public PolicyRemediator(VerdictEngine engine) {
        this.engine = engine;
    }

    /**
     * @throws PolicyParseException  when the document is not a trust policy (nothing can be safely rewritten)
     * @throws IllegalStateException when no rewrite passes the checks (nothing should be written)
     */
    public Remediation remediate(String document, RoleContext role) {
        TrustPolicy original = TrustPolicy.parse(document);
        Evaluation before = engine.evaluate(original, role);
        if (before.compliance() != Compliance.NON_COMPLIANT) {
            return new Remediation(before, Optional.empty(), before, List.of());
        }
        if (before.findings().stream().anyMatch(f -> f.kind().failedClosed())) {
            throw new IllegalStateException("the policy could not be evaluated: " + before.annotation());
        }
        InternalAccess internal = new InternalAccess(role, engine.parameters());
        ObjectNode root = tree(TrustPolicy.decode(document));
        List<String> changes = new ArrayList<>();
        ArrayNode statements = statementArray(root);
        Sids sids = new Sids(statements);
        // In statement order, so that the changes read top to bottom and name each statement by its number in the
        // new policy (every added statement shifts the statements after it).
        TreeMap<Integer, List<ObjectNode>> added = new TreeMap<>();
        int shift = 0;
        for (Map.Entry<Integer, Set<String>> entry : offending(before).entrySet()) {
            int number = entry.getKey() + shift;
            ObjectNode statement = (ObjectNode) statements.get(entry.getKey() - 1);
            List<ObjectNode> after = fixStatement(statement, number, entry.getValue(), internal, sids, changes);
            added.put(entry.getKey(), after);
            shift += after.size();
        }
        // The added statements go right after theirs; last first, so the positions still to use stay valid.
        added.descendingMap().forEach((position, list) -> {
            for (int i = list.size() - 1; i >= 0; i--) {
                statements.insert(position, list.get(i));
            }
        });
        String text = write(root);
        TrustPolicy fixed = TrustPolicy.parse(text);
        Evaluation after = engine.evaluate(fixed, role);
        verify(original, fixed, after, role, internal, root, changes);
        return new Remediation(before, Optional.of(text), after, changes);
    }

    /** Checks the rewrite rather than trusting it; a failed check means nothing may be written. */
    private void verify(TrustPolicy original, TrustPolicy fixed, Evaluation after, RoleContext role,
                        InternalAccess internal, JsonNode root, List<String> changes) {
        if (after.compliance() == Compliance.NON_COMPLIANT) {
            throw new IllegalStateException("remediation left the policy NON_COMPLIANT: " + after.annotation());
        }
        Set<Admission> added = new LinkedHashSet<>(engine.admissions(fixed, original, role));
        added.removeAll(engine.admissions(original, fixed, role));
        if (!added.isEmpty()) {
            throw new IllegalStateException("remediation would grant new access: " + added);
        }
        List<String> internalChanges = internal.differences(original, fixed);
        if (!internalChanges.isEmpty()) {
            throw new IllegalStateException("remediation would change the access of the role's own or trusted "
                    + "accounts: " + String.join(", ", internalChanges.subList(0, Math.min(3, internalChanges.size())))
                    + (internalChanges.size() > 3 ? ", +" + (internalChanges.size() - 3) + " more" : ""));
        }
        int size = iamSize(root);
        if (size > TrustPolicy.IAM_MAX_TRUST_POLICY_LENGTH) {
            throw new IllegalStateException("the remediated policy would have " + size + " characters (whitespace "
                    + "not counted), more than IAM accepts in a trust policy ("
                    + TrustPolicy.IAM_MAX_TRUST_POLICY_LENGTH + " when the quota is raised, "
                    + TrustPolicy.IAM_DEFAULT_TRUST_POLICY_LENGTH + " by default)");
        }
        if (size > TrustPolicy.IAM_DEFAULT_TRUST_POLICY_LENGTH) {
            changes.add("note: the new policy has " + size + " characters (whitespace not counted), more than IAM's "
                    + "default quota of " + TrustPolicy.IAM_DEFAULT_TRUST_POLICY_LENGTH + " for trust policies: "
                    + "UpdateAssumeRolePolicy succeeds only if the account's quota was raised (at most "
                    + TrustPolicy.IAM_MAX_TRUST_POLICY_LENGTH + ")");
        }
    }

    /** The length IAM counts against its quota: the document without whitespace. */
    static int iamSize(JsonNode root) {
        try {
            return new ObjectMapper().writeValueAsString(root).length();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
     * Requires MFA of the offending principals of statement {@code number} of the new policy, leaving everyone else
     * their access; returns the statements to insert after it (as statements {@code number + 1}, …).
     */
    private static List<ObjectNode> fixStatement(ObjectNode statement, int number, Set<String> offending,
                                                 InternalAccess internal, Sids sids, List<String> changes) {
        List<ObjectNode> added = new ArrayList<>();
        ObjectNode requiringMfa = statement;
        Optional<ObjectNode> moved = splitOff(statement, offending);
        if (moved.isPresent()) {
            requiringMfa = moved.get();
            sids.derive(requiringMfa, MFA_SUFFIX);
            added.add(requiringMfa);
            changes.add("statement " + number + ": moved " + String.join(", ", offending) + " to a new statement "
                    + (number + 1) + " that requires MFA; the other principals keep their access");
        }
        String accounts = ACCOUNT_KEY + " " + String.join(", ", internal.accounts());
        Optional<ObjectNode> pinned = admitsAnyAccount(requiringMfa)
                ? pinned(requiringMfa, internal.accounts()) : Optional.empty();
        if (pinned.isPresent() && moved.isEmpty()) {
            // The statement itself keeps the own and trusted accounts' access; a copy requires MFA of the rest.
            requiringMfa = statement.deepCopy();
            statement.removeAll();
            statement.setAll(pinned.get());
            sids.derive(requiringMfa, MFA_SUFFIX);
            added.add(requiringMfa);
            changes.add("statement " + number + ": now only for callers of the own and trusted accounts (" + accounts
                    + "), which keep their access without MFA; a new statement " + (number + 1)
                    + " requires MFA of everyone else");
        }
        requireMfa(requiringMfa, "statement " + (number + added.indexOf(requiringMfa) + 1), changes);
        if (pinned.isPresent() && moved.isPresent()) {
            // The split-off statement let them in too: a copy of it, before MFA, keeps their access.
            sids.derive(pinned.get(), INTERNAL_SUFFIX);
            added.add(pinned.get());
            changes.add("statement " + (number + 2) + ": a copy of statement " + (number + 1) + " without MFA for "
                    + "callers of the own and trusted accounts only (" + accounts + "), which keep their access");
        }
        return added;
    }

    /** {@code "*"}, {@code {"AWS": "*"}} or NotPrincipal: principals of any account, the own ones included. */
    private static boolean admitsAnyAccount(ObjectNode statement) {
        if (statement.has("NotPrincipal")) {
            return true;
        }
        JsonNode principal = statement.path("Principal");
        if (principal.isTextual()) {
            return principal.textValue().equals("*");
        }
        for (JsonNode value : values(principal.path("AWS"))) {
            if (value.isTextual() && value.textValue().equals("*")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A copy of {@code statement} that only callers of {@code accounts} can use ({@code StringEquals
     * aws:PrincipalAccount}, intersected with such a test already there); empty when no account is left or the
     * existing test cannot be intersected (then the access check decides whether a rewrite is possible at all).
     */
    private static Optional<ObjectNode> pinned(ObjectNode statement, List<String> accounts) {
        if (accounts.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode copy = statement.deepCopy();
        ObjectNode condition = copy.has("Condition") && copy.get("Condition").isObject()
                ? (ObjectNode) copy.get("Condition") : copy.putObject("Condition");
        String operator = fieldIgnoringCase(condition, "StringEquals").orElse("StringEquals");
        if (condition.has(operator) && !condition.get(operator).isObject()) {
            return Optional.empty();
        }
        ObjectNode equals = condition.has(operator) ? (ObjectNode) condition.get(operator)
                : condition.putObject(operator);
        Optional<String> existing = fieldIgnoringCase(equals, ACCOUNT_KEY);
        List<String> allowed = new ArrayList<>(accounts);
        if (existing.isPresent()) {
            List<String> already = new ArrayList<>();
            for (JsonNode value : values(equals.get(existing.get()))) {
                if (!value.isTextual() || value.textValue().contains("${")) {
                    return Optional.empty();
                }
                already.add(value.textValue());
            }
            allowed.retainAll(already);
            equals.remove(existing.get());
        }
        if (allowed.isEmpty()) {
            return Optional.empty();
        }
        equals.set(existing.orElse(ACCOUNT_KEY), node(allowed.stream().map(JSON.getNodeFactory()::textNode)
                .map(JsonNode.class::cast).toList()));
        return Optional.of(copy);
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
        ObjectNode movedPrincipal = JSON.createObjectNode();
        movedPrincipal.set("AWS", node(moved));
        copy.set("Principal", movedPrincipal);
        ObjectNode keptPrincipal = JSON.createObjectNode();
        keep.forEach((type, list) -> keptPrincipal.set(type, node(list)));
        statement.set("Principal", keptPrincipal);
        return Optional.of(copy);
    }

    /**
     * The Sids of a policy, which IAM requires to be unique (compared here without case, to be safe): a copy of a
     * statement gets its Sid plus a suffix, numbered when that is taken too.
     */
    private static final class Sids {
        private final Set<String> used = new HashSet<>();

        Sids(ArrayNode statements) {
            statements.forEach(s -> {
                if (s.path("Sid").isTextual()) {
                    used.add(s.path("Sid").textValue().toLowerCase(Locale.ROOT));
                }
            });
        }

        /** Gives {@code copy} (which carries its original's Sid) a Sid of its own; none when the original had none. */
        void derive(ObjectNode copy, String suffix) {
            JsonNode sid = copy.get("Sid");
            if (sid == null || !sid.isTextual() || sid.textValue().isBlank()) {
                copy.remove("Sid");
                return;
            }
            String base = sid.textValue() + suffix;
            String candidate = base;
            for (int n = 2; used.contains(candidate.toLowerCase(Locale.ROOT)); n++) {
                candidate = base + n;
            }
            used.add(candidate.toLowerCase(Locale.ROOT));
            // Keep the Sid first among the statement's elements, where it was.
            ObjectNode rest = copy.deepCopy();
            rest.remove("Sid");
            copy.removeAll();
            copy.put("Sid", candidate);
            copy.setAll(rest);
        }
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
            numeric.put(MFA_AGE_KEY, "0");
            changes.add(label + ": its " + boolOperator + " " + existingKey.get() + " condition admits only requests "
                    + "without MFA; added \"NumericGreaterThanEquals\": {\"" + MFA_AGE_KEY + "\": \"0\"}, so the "
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
