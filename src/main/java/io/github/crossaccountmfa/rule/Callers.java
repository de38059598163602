package io.github.crossaccountmfa.rule;

import io.github.crossaccountmfa.policy.Glob;
import io.github.crossaccountmfa.policy.Principal;
import io.github.crossaccountmfa.policy.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Enumerates the third-party callers worth trying against a policy: one anonymous outsider, and in every account
 * the policy names (in principals, {@code aws:PrincipalAccount} or {@code aws:PrincipalArn}) a generic user, a
 * generic role session, and each user, role or session the policy names or describes by a pattern. Callers in the
 * role's own or trusted accounts are not third parties and are left out.
 */
final class Callers {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final String GENERIC_USER = "user/zz-third-party-user";
    private static final String GENERIC_ROLE = "role/zz-third-party-role";
    private static final String GENERIC_SESSION = "zz-session";

    private Callers() {
    }

    static List<Caller> enumerate(List<Statement> statements, Set<String> trustedAccounts, String partition,
                                  KeyCatalog keys) {
        LinkedHashSet<String> named = namedAccounts(statements, keys);
        String outsider = outsider(named, trustedAccounts);
        LinkedHashSet<Caller> callers = new LinkedHashSet<>();
        callers.add(Caller.user(outsider, partition, GENERIC_USER, false));
        callers.add(Caller.roleSession(outsider, partition, GENERIC_ROLE, GENERIC_SESSION, false));
        for (String account : named) {
            if (!trustedAccounts.contains(account)) {
                callers.add(Caller.user(account, partition, GENERIC_USER, true));
                callers.add(Caller.roleSession(account, partition, GENERIC_ROLE, GENERIC_SESSION, true));
            }
        }
        for (Statement statement : statements) {
            for (Principal principal : statement.principal().principals()) {
                if (principal instanceof Principal.Identity id && !trustedAccounts.contains(id.accountId())) {
                    identityCaller(id).ifPresent(callers::add);
                }
            }
        }
        List<String> candidateAccounts = new ArrayList<>();
        candidateAccounts.add(outsider);
        candidateAccounts.addAll(named);
        for (String pattern : keys.literals("aws:principalarn")) {
            patternCallers(pattern, candidateAccounts, trustedAccounts, partition, callers);
        }
        for (String pattern : keys.literals("aws:username")) {
            for (String name : KeyCatalog.instantiations(pattern)) {
                if (!name.isEmpty() && !name.contains("/")) {
                    for (String account : candidateAccounts) {
                        if (!trustedAccounts.contains(account)) {
                            callers.add(Caller.user(account, partition, "user/" + name, !account.equals(outsider)));
                        }
                    }
                }
            }
        }
        return List.copyOf(callers);
    }

    private static LinkedHashSet<String> namedAccounts(List<Statement> statements, KeyCatalog keys) {
        LinkedHashSet<String> accounts = new LinkedHashSet<>();
        for (Statement statement : statements) {
            for (Principal principal : statement.principal().principals()) {
                switch (principal) {
                    case Principal.Account a -> accounts.add(a.accountId());
                    case Principal.Identity i -> accounts.add(i.accountId());
                    default -> {
                        // names no account
                    }
                }
            }
        }
        for (String value : keys.literals("aws:principalaccount")) {
            accountMatching(value).ifPresent(accounts::add);
        }
        for (String value : keys.literals("aws:principalarn")) {
            String[] fields = value.split(":", 6);
            if (fields.length == 6 && !fields[4].equals("*")) {
                accountMatching(fields[4]).ifPresent(accounts::add);
            }
        }
        return accounts;
    }

    /** A 12-digit account id that a pattern such as {@code 2222*} or {@code 22222222222?} matches. */
    static java.util.Optional<String> accountMatching(String pattern) {
        int fixed = pattern.replace("*", "").length();
        if (fixed > 12) {
            return java.util.Optional.empty();
        }
        String padded = pattern.replaceFirst("\\*", "0".repeat(12 - fixed)).replace("*", "").replace('?', '0');
        return ACCOUNT_ID.matcher(padded).matches() && Glob.matches(pattern, padded, false)
                ? java.util.Optional.of(padded) : java.util.Optional.empty();
    }

    /** An account id that neither the policy nor the parameters mention. */
    private static String outsider(Set<String> named, Set<String> trusted) {
        long candidate = 999_999_999_999L;
        while (named.contains(Long.toString(candidate)) || trusted.contains(Long.toString(candidate))) {
            candidate--;
        }
        return Long.toString(candidate);
    }

    private static java.util.Optional<Caller> identityCaller(Principal.Identity id) {
        return switch (id.type()) {
            case USER -> java.util.Optional.of(Caller.user(id.accountId(), id.partition(), id.resource(), true));
            case ROLE -> java.util.Optional.of(
                    Caller.roleSession(id.accountId(), id.partition(), id.resource(), GENERIC_SESSION, true));
            case ASSUMED_ROLE -> java.util.Optional.of(Caller.roleSession(id.accountId(), id.partition(),
                    "role/" + id.name(), id.session().orElse(GENERIC_SESSION), true));
            case FEDERATED_USER -> java.util.Optional.empty();
        };
    }

    /** Callers whose {@code aws:PrincipalArn} matches a pattern such as {@code arn:aws:iam::*:role/deploy-*}. */
    private static void patternCallers(String pattern, List<String> accounts, Set<String> trusted, String partition,
                                       Set<Caller> out) {
        String[] fields = pattern.split(":", 6);
        if (fields.length != 6) {
            return;
        }
        for (String account : accounts) {
            if (trusted.contains(account) || !Glob.matches(fields[4], account, false)) {
                continue;
            }
            for (String resource : KeyCatalog.instantiations(fields[5])) {
                boolean named = !Glob.hasWildcard(fields[4]) || !account.equals(accounts.get(0));
                if (resource.startsWith("user/") && resource.length() > 5) {
                    out.add(Caller.user(account, partition, resource, named));
                } else if (resource.startsWith("role/") && resource.length() > 5) {
                    out.add(Caller.roleSession(account, partition, resource, GENERIC_SESSION, named));
                }
            }
        }
    }

    /** Whether {@code principal} designates {@code caller}. Partitions are not compared: accounts are unique. */
    static boolean matches(Principal principal, Caller caller) {
        return switch (principal) {
            case Principal.Everyone e -> true;
            case Principal.Account a -> a.accountId().equals(caller.account());
            case Principal.Identity i -> i.accountId().equals(caller.account()) && switch (i.type()) {
                case USER -> caller.type() == Caller.Type.USER && i.resource().equals(caller.resource());
                case ROLE -> caller.type() == Caller.Type.ROLE_SESSION && i.resource().equals(caller.resource());
                case ASSUMED_ROLE -> caller.type() == Caller.Type.ROLE_SESSION && i.name().equals(caller.name())
                        && i.session().orElse("").equals(caller.session());
                case FEDERATED_USER -> false;
            };
            case Principal.DeletedPrincipal d -> false;
            case Principal.Service s -> false;
            case Principal.Federated f -> false;
            case Principal.CanonicalUser c -> false;
        };
    }

    /** Whether a statement's Principal (or NotPrincipal) element designates {@code caller}. */
    static boolean admits(Statement statement, Caller caller) {
        boolean any = false;
        for (Principal principal : statement.principal().principals()) {
            if (matches(principal, caller)) {
                any = true;
                break;
            }
        }
        return any != statement.principal().negated();
    }

}
