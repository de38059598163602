package io.github.crossaccountmfa.rule;

import io.github.crossaccountmfa.policy.Glob;
import io.github.crossaccountmfa.policy.Principal;
import io.github.crossaccountmfa.policy.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Enumerates the third-party callers worth trying against a policy: one anonymous outsider, and in every account
 * the policy names (in principals, {@code aws:PrincipalAccount} or {@code aws:PrincipalArn}) a generic user, a
 * generic role session, and each user, role or session the policy names or describes by a pattern. Callers in the
 * role's own or trusted accounts are not third parties and are left out.
 */
final class Callers {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    /** A run of digits and wildcards that may pin an account inside a pattern. */
    private static final Pattern ACCOUNT_TOKEN = Pattern.compile("[0-9*?]*[0-9][0-9*?]*");
    /** IAM user and role names, and {@code path/name} after {@code user/} or {@code role/}. */
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern PATH_AND_NAME = Pattern.compile("([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");
    private static final int MAX_COMPLETIONS = 4;
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
        for (String account : named) {
            if (!trustedAccounts.contains(account)) {
                candidateAccounts.add(account);
            }
        }
        candidateAccounts.add(outsider);
        for (String pattern : keys.literals(ConditionKey.PRINCIPAL_ARN)) {
            patternCallers(pattern, candidateAccounts, outsider, partition, callers);
        }
        for (String pattern : keys.literals(ConditionKey.USERNAME)) {
            LinkedHashSet<String> names = new LinkedHashSet<>(KeyCatalog.instantiations(pattern));
            names.addAll(completions(pattern, ""));
            for (String name : names) {
                if (NAME.matcher(name).matches()) {
                    for (String account : candidateAccounts) {
                        callers.add(Caller.user(account, partition, "user/" + name, !account.equals(outsider)));
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
        for (String value : keys.literals(ConditionKey.PRINCIPAL_ACCOUNT)) {
            accountMatching(value).ifPresent(accounts::add);
        }
        for (String value : keys.literals(ConditionKey.PRINCIPAL_ARN)) {
            // an account the pattern pins, wherever it sits in it (ARN-shaped or not)
            Matcher digits = ACCOUNT_TOKEN.matcher(value);
            while (digits.find()) {
                accountMatching(digits.group()).ifPresent(accounts::add);
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

    /**
     * Callers whose {@code aws:PrincipalArn} matches a pattern of any shape: {@code arn:aws:iam::*:role/deploy-*},
     * {@code *:role/ci-*}, {@code *}{@code /github-actions-*}. For each account and principal type the ARN's fixed
     * part is run through the pattern and the rest completed with the shortest valid name (and a longer one).
     */
    private static void patternCallers(String pattern, List<String> accounts, String outsider, String partition,
                                       Set<Caller> out) {
        for (String account : accounts) {
            boolean named = !account.equals(outsider);
            for (String type : List.of("user/", "role/")) {
                for (String rest : completions(pattern, "arn:" + partition + ":iam::" + account + ":" + type)) {
                    if (!PATH_AND_NAME.matcher(rest).matches()) {
                        continue;
                    }
                    out.add(type.equals("user/") ? Caller.user(account, partition, type + rest, named)
                            : Caller.roleSession(account, partition, type + rest, GENERIC_SESSION, named));
                }
            }
        }
    }

    /**
     * Texts {@code x} such that {@code prefix + x} matches the IAM wildcard {@code pattern}: the pattern is run as an
     * automaton over the prefix, then each reachable position is completed with {@code *} read as nothing or as one
     * letter and {@code ?} as one letter. Empty when no text with that prefix matches.
     */
    static List<String> completions(String pattern, String prefix) {
        int length = pattern.length();
        boolean[] states = new boolean[length + 1];
        states[0] = true;
        close(pattern, states);
        for (int t = 0; t < prefix.length(); t++) {
            char c = prefix.charAt(t);
            boolean[] next = new boolean[length + 1];
            boolean any = false;
            for (int i = 0; i < length; i++) {
                if (!states[i]) {
                    continue;
                }
                char p = pattern.charAt(i);
                if (p == '*') {
                    next[i] = true;
                    any = true;
                } else if (p == '?' || p == c) {
                    next[i + 1] = true;
                    any = true;
                }
            }
            if (!any) {
                return List.of();
            }
            close(pattern, next);
            states = next;
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String filler : List.of("", "z")) {
            int found = 0;
            for (int i = 0; i <= length && found < MAX_COMPLETIONS; i++) {
                if (states[i]) {
                    out.add(pattern.substring(i).replace("*", filler).replace('?', 'z'));
                    found++;
                }
            }
        }
        return List.copyOf(out);
    }

    /** Adds the positions reachable by letting a {@code *} match nothing. */
    private static void close(String pattern, boolean[] states) {
        for (int i = 0; i < pattern.length(); i++) {
            if (states[i] && pattern.charAt(i) == '*') {
                states[i + 1] = true;
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
