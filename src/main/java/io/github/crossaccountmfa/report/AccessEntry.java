package io.github.crossaccountmfa.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.rule.Access;
import io.github.crossaccountmfa.rule.Finding;
import io.github.crossaccountmfa.rule.KnownAccounts;
import io.github.crossaccountmfa.rule.Wording;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One outside caller that can assume a role (SPEC §3 {@code scan} {@code "access"}): read from the findings' data,
 * never from their wording.
 *
 * @param account     the outside account, {@code *} for public trust, or an organization id
 * @param accountName its name, when known
 * @param principal   the principal as the policy writes it ({@code NotPrincipal …} for a NotPrincipal statement)
 * @param mfa         whether it needs MFA to get in
 * @param externalId  whether the statements require an exact sts:ExternalId
 * @param publicTrust whether it is public trust
 * @param statements  the 1-based statements that let it in
 */
public record AccessEntry(String account, Optional<String> accountName, String principal, Access.Mfa mfa,
                          boolean externalId, boolean publicTrust, List<Integer> statements) {
    private static final Pattern OUTSIDE = Pattern.compile("\\d{12}|\\*|o-[a-z0-9]{10,32}");

    public AccessEntry {
        statements = List.copyOf(statements);
        accountName = accountName.filter(n -> !n.isBlank());
    }

    /** The entries of a verdict's findings, one per (account, principal, terms), statements merged. */
    public static List<AccessEntry> of(List<Finding> findings) {
        Map<String, AccessEntry> entries = new LinkedHashMap<>();
        for (Finding finding : findings) {
            if (finding.kind() == Finding.Kind.PUBLIC_TRUST || finding.access().isEmpty()) {
                continue;
            }
            Access access = finding.access().get();
            String principal = switch (access.shape()) {
                case NAMED, EVERYONE -> access.principal();
                case EVERYONE_EXCEPT -> "NotPrincipal " + String.join(", ", access.excluded());
            };
            String key = access.account() + "\u0000" + principal + "\u0000" + access.mfa() + "\u0000" + access.externalId();
            AccessEntry entry = entries.get(key);
            TreeSet<Integer> statements = new TreeSet<>(entry == null ? List.of() : entry.statements());
            finding.statement().ifPresent(statements::add);
            entries.put(key, new AccessEntry(access.account(), access.accountName(), principal, access.mfa(),
                    access.externalId(), access.publicTrust(), new ArrayList<>(statements)));
        }
        return List.copyOf(entries.values());
    }

    /** The same entry named from {@code known} when it has a name for the account. */
    public AccessEntry named(KnownAccounts known) {
        Optional<String> name = known.name(account);
        return name.isEmpty() ? this
                : new AccessEntry(account, name, principal, mfa, externalId, publicTrust, statements);
    }

    public String label() {
        return Wording.account(account, accountName);
    }

    public ObjectNode toJson() {
        ObjectNode node = EvaluationJson.MAPPER.createObjectNode();
        node.put("account", account);
        node.put("accountName", accountName.orElse(null));
        node.put("principal", principal);
        node.put("mfa", mfa.text());
        node.put("externalId", externalId);
        node.put("public", publicTrust);
        ArrayNode numbers = node.putArray("statements");
        statements.forEach(numbers::add);
        return node;
    }

    /**
     * Reads one entry of a saved {@code scan --format json} line.
     *
     * @throws IllegalArgumentException naming the field that is not as {@code scan} writes it
     */
    public static AccessEntry fromJson(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object");
        }
        String account = text(node, "account", where);
        if (!OUTSIDE.matcher(account).matches()) {
            throw new IllegalArgumentException(where + ".account: expected a 12-digit account id, * or an o-… id");
        }
        JsonNode name = node.path("accountName");
        if (!name.isMissingNode() && !name.isNull() && !name.isTextual()) {
            throw new IllegalArgumentException(where + ".accountName: expected a string or null");
        }
        String mfaText = text(node, "mfa", where);
        Access.Mfa mfa = Access.Mfa.ofText(mfaText).orElseThrow(() ->
                new IllegalArgumentException(where + ".mfa: expected \"not-required\" or \"required\""));
        List<Integer> statements = new ArrayList<>();
        JsonNode list = node.path("statements");
        if (!list.isArray()) {
            throw new IllegalArgumentException(where + ".statements: expected an array of statement numbers");
        }
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).canConvertToInt() || !list.get(i).isIntegralNumber() || list.get(i).asInt() < 1) {
                throw new IllegalArgumentException(where + ".statements[" + i + "]: expected a statement number");
            }
            statements.add(list.get(i).asInt());
        }
        return new AccessEntry(account, name.isTextual() ? Optional.of(name.asText()) : Optional.empty(),
                text(node, "principal", where), mfa, bool(node, "externalId", where), bool(node, "public", where),
                statements);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(where + "." + field + ": expected a string");
        }
        return value.asText();
    }

    private static boolean bool(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(where + "." + field + ": expected true or false");
        }
        return value.asBoolean();
    }
}
