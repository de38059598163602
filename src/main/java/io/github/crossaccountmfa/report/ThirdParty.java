package io.github.crossaccountmfa.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.rule.Access;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Wording;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One outside account (or {@code *} for public trust, or an organization) and the roles it can assume: the unit of
 * {@code third-parties} and of the HTML report's "Who can get in".
 *
 * @param account     a 12-digit account id, {@code *}, or an organization id
 * @param accountName its name, when known
 * @param publicTrust whether it is public trust
 * @param roles       the roles it can assume, those it gets into without MFA first
 */
public record ThirdParty(String account, Optional<String> accountName, boolean publicTrust, List<Role> roles) {

    /** Reading order: public trust first, then accounts that get in without MFA (most roles first), then by id. */
    public static final Comparator<ThirdParty> ORDER = Comparator.comparing((ThirdParty t) -> !t.publicTrust())
            .thenComparing(t -> t.withoutMfa() == 0)
            .thenComparing(Comparator.comparingLong(ThirdParty::withoutMfa).reversed())
            .thenComparing(ThirdParty::account);

    public ThirdParty {
        roles = List.copyOf(roles);
    }

    /**
     * One role this account can assume.
     *
     * @param accountId  the role's own account
     * @param compliance the role's verdict
     * @param mfa        {@code not-required} when some statement lets this account in without MFA
     * @param externalId whether every way in of that MFA state requires an exact sts:ExternalId
     * @param statements the statements that let it in
     */
    public record Role(String accountId, String roleName, String arn, Compliance compliance, Access.Mfa mfa,
                       boolean externalId, List<Integer> statements) {
        public Role {
            statements = List.copyOf(statements);
        }
    }

    public long withoutMfa() {
        return roles.stream().filter(r -> r.mfa() == Access.Mfa.NOT_REQUIRED).count();
    }

    public long withMfa() {
        return roles.stream().filter(r -> r.mfa() == Access.Mfa.REQUIRED).count();
    }

    /** Whether a notice is due: one AWS account that gets into a NON_COMPLIANT role without MFA. */
    public boolean needsNotice() {
        return account.matches("\\d{12}") && roles.stream()
                .anyMatch(r -> r.mfa() == Access.Mfa.NOT_REQUIRED && r.compliance() == Compliance.NON_COMPLIANT);
    }

    public String label() {
        return Wording.account(account, accountName);
    }

    /** Groups the roles' access by outside account, in {@link #ORDER}. */
    public static List<ThirdParty> group(List<RoleAccess> roles) {
        Map<String, List<RoleAccess>> byAccount = new LinkedHashMap<>();
        for (RoleAccess role : roles) {
            for (AccessEntry entry : role.access()) {
                List<RoleAccess> list = byAccount.computeIfAbsent(entry.account(), k -> new ArrayList<>());
                if (!list.contains(role)) {
                    list.add(role);
                }
            }
        }
        List<ThirdParty> parties = new ArrayList<>();
        for (Map.Entry<String, List<RoleAccess>> group : byAccount.entrySet()) {
            parties.add(of(group.getKey(), group.getValue()));
        }
        parties.sort(ORDER);
        return List.copyOf(parties);
    }

    private static ThirdParty of(String account, List<RoleAccess> roles) {
        Optional<String> name = Optional.empty();
        boolean publicTrust = false;
        List<Role> out = new ArrayList<>();
        for (RoleAccess role : roles) {
            List<AccessEntry> entries = role.access().stream().filter(e -> e.account().equals(account)).toList();
            boolean without = entries.stream().anyMatch(e -> e.mfa() == Access.Mfa.NOT_REQUIRED);
            Access.Mfa mfa = without ? Access.Mfa.NOT_REQUIRED : Access.Mfa.REQUIRED;
            boolean externalId = entries.stream().filter(e -> e.mfa() == mfa).allMatch(AccessEntry::externalId);
            TreeSet<Integer> statements = new TreeSet<>();
            for (AccessEntry entry : entries) {
                statements.addAll(entry.statements());
                publicTrust |= entry.publicTrust();
                if (name.isEmpty()) {
                    name = entry.accountName();
                }
            }
            out.add(new Role(role.accountId(), role.roleName(), role.arn(), role.compliance(), mfa, externalId,
                    new ArrayList<>(statements)));
        }
        out.sort(Comparator.comparing((Role r) -> r.mfa() == Access.Mfa.REQUIRED).thenComparing(Role::accountId)
                .thenComparing(Role::roleName, String.CASE_INSENSITIVE_ORDER).thenComparing(Role::arn));
        return new ThirdParty(account, name, publicTrust, out);
    }

    /** SPEC §3 {@code third-parties --format json}: one object, keys in the specified order. */
    public ObjectNode toJson() {
        ObjectNode node = EvaluationJson.MAPPER.createObjectNode();
        node.put("account", account);
        node.put("accountName", accountName.orElse(null));
        node.put("public", publicTrust);
        node.put("withoutMfa", withoutMfa());
        node.put("withMfa", withMfa());
        ArrayNode list = node.putArray("roles");
        for (Role role : roles) {
            ObjectNode item = list.addObject();
            item.put("accountId", role.accountId());
            item.put("roleName", role.roleName());
            item.put("arn", role.arn());
            item.put("mfa", role.mfa().text());
            item.put("externalId", role.externalId());
            ArrayNode statements = item.putArray("statements");
            role.statements().forEach(statements::add);
        }
        return node;
    }
}
