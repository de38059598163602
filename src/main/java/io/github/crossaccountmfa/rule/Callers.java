package io.github.crossaccountmfa.rule;

import io.github.crossaccountmfa.policy.Glob;
import io.github.crossaccountmfa.policy.Principal;
import io.github.crossaccountmfa.policy.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    /** An account id inside a pattern of any shape. */
    private static final Pattern TWELVE_DIGITS = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");
    /** IAM user and role names, and {@code path/name} after {@code user/} or {@code role/}. */
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern PATH_AND_NAME = Pattern.compile("([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");
    private static final int MAX_COMPLETIONS = 4;
    private static final Pattern ARN_PREFIX = Pattern.compile("(?i)^arn:[a-z0-9*?-]*:(iam|sts|\\*):");
    private static final Pattern TYPE_PREFIX = Pattern.compile("(?i)(?<=^|[:/*])(assumed-role|user|role)/");
    private static final String GENERIC_USER = "user/zz-third-party-user";
    private static final String GENERIC_ROLE = "role/zz-third-party-role";
    private static final String GENERIC_SESSION = "zz-session";

    private Callers() {
    }

    /**
     * The candidate callers, compactly: callers derived from patterns are built in one account per class of
     * interchangeable accounts (named by the same statements, mentioned by no condition), and stand for the same
     * caller in every other account of the class. Without this, P patterns and N accounts make P x N callers.
     *
     * @param callers  the callers to evaluate
     * @param standIns for a caller built in a class's first account, the class's other accounts
     */
    record CallerSet(List<Caller> callers, Map<Caller, List<String>> standIns) {
        /** The same caller in another account. */
        static Caller in(Caller caller, String account) {
            return new Caller(account, caller.partition(), caller.type(), caller.resource(), caller.session(), true);
        }

        /** Every caller, stand-ins spelled out. */
        List<Caller> expanded() {
            LinkedHashSet<Caller> all = new LinkedHashSet<>(callers);
            for (Map.Entry<Caller, List<String>> entry : standIns.entrySet()) {
                for (String account : entry.getValue()) {
                    all.add(in(entry.getKey(), account));
                }
            }
            return List.copyOf(all);
        }
    }

    static CallerSet enumerate(List<Statement> statements, Set<String> trustedAccounts, String partition,
                               KeyCatalog keys, PrincipalIndex allows, PrincipalIndex denies) {
        LinkedHashSet<String> named = namedAccounts(statements, keys);
        String outsider = outsider(named, trustedAccounts);
        LinkedHashSet<Caller> callers = new LinkedHashSet<>();
        callers.add(Caller.user(outsider, partition, GENERIC_USER, false));
        callers.add(Caller.roleSession(outsider, partition, GENERIC_ROLE, GENERIC_SESSION, false));
        Set<String> distinct = new HashSet<>();
        List<Caller> identities = new ArrayList<>();
        for (Statement statement : statements) {
            for (Principal principal : statement.principal().principals()) {
                if (principal instanceof Principal.Identity id && !trustedAccounts.contains(id.accountId())) {
                    distinct.add(id.accountId());
                    identityCaller(id).ifPresent(identities::add);
                }
            }
        }
        Set<String> arnPatterns = new LinkedHashSet<>(keys.literals(ConditionKey.PRINCIPAL_ARN));
        // ...IgnoreCase operators match ARNs written in any case: their callers have IAM's lower-case ARN fields
        for (String pattern : List.copyOf(arnPatterns)) {
            arnPatterns.add(lowerCaseArnFields(pattern));
        }
        Set<String> userPatterns = new LinkedHashSet<>(keys.literals(ConditionKey.USERNAME));
        Map<String, List<String>> classes = classes(named, trustedAccounts, distinct, arnPatterns, partition, keys,
                allows, denies);
        LinkedHashSet<Caller> derived = new LinkedHashSet<>();
        for (String account : classes.keySet()) {
            derived.add(Caller.user(account, partition, GENERIC_USER, true));
            derived.add(Caller.roleSession(account, partition, GENERIC_ROLE, GENERIC_SESSION, true));
        }
        callers.addAll(identities);
        List<String> candidateAccounts = new ArrayList<>(classes.keySet());
        candidateAccounts.add(outsider);
        Map<Caller, List<String>> standIns = new HashMap<>();
        for (String pattern : arnPatterns) {
            patternCallers(pattern, candidateAccounts, outsider, partition, derived);
        }
        // aws:username is the last part of the user's ARN: its names go on every path an ARN pattern asks for too,
        // so that both keys can hold at once (user/ops/bob for "arn:aws:iam::*:user/ops/*" and "bob")
        Set<String> userPaths = new LinkedHashSet<>(List.of("user/"));
        for (Caller caller : derived) {
            if (caller.type() == Caller.Type.USER) {
                userPaths.add(caller.resource().substring(0, caller.resource().lastIndexOf('/') + 1));
            }
        }
        for (String pattern : userPatterns) {
            LinkedHashSet<String> names = new LinkedHashSet<>(KeyCatalog.instantiations(pattern));
            names.addAll(completions(pattern, ""));
            for (String name : names) {
                if (NAME.matcher(name).matches()) {
                    for (String account : candidateAccounts) {
                        for (String path : userPaths) {
                            derived.add(Caller.user(account, partition, path + name, !account.equals(outsider)));
                        }
                    }
                }
            }
        }
        for (Caller caller : derived) {
            if (callers.add(caller)) {
                List<String> others = classes.getOrDefault(caller.account(), List.of());
                if (!others.isEmpty()) {
                    standIns.put(caller, others);
                }
            }
        }
        return new CallerSet(List.copyOf(callers), Map.copyOf(standIns));
    }

    /**
     * A pattern with the parts IAM always writes in lower case lowered ({@code arn:PARTITION:iam::}, {@code user/},
     * {@code role/}, {@code assumed-role/}); names keep their case.
     */
    static String lowerCaseArnFields(String pattern) {
        return ARN_PREFIX.matcher(TYPE_PREFIX.matcher(pattern).replaceAll(m -> m.group().toLowerCase(Locale.ROOT)))
                .replaceFirst(m -> m.group().toLowerCase(Locale.ROOT));
    }

    /**
     * Groups the named third-party accounts into classes whose members no condition can tell apart: named by the
     * same statements, not pinned by a condition, without named identities. Maps each class's first account to the
     * others. When some caller pattern could tell accounts apart by their digits, every account is its own class.
     */
    private static Map<String, List<String>> classes(Set<String> named, Set<String> trusted, Set<String> distinct,
                                                     Set<String> arnPatterns, String partition, KeyCatalog keys,
                                                     PrincipalIndex allows, PrincipalIndex denies) {
        Set<String> pinned = new HashSet<>(distinct);
        boolean groupable = true;
        for (String pattern : arnPatterns) {
            pinned.addAll(pinnedAccounts(pattern));
            groupable &= accountBlind(pattern, partition) || pinsOneAccount(pattern);
        }
        for (String value : keys.literals(ConditionKey.PRINCIPAL_ACCOUNT)) {
            pinned.add(value);
            groupable &= !Glob.hasWildcard(value);
        }
        Map<String, List<String>> classes = new LinkedHashMap<>();
        Map<String, String> firstBySignature = new HashMap<>();
        for (String account : named) {
            if (trusted.contains(account)) {
                continue;
            }
            if (!groupable || pinned.contains(account)) {
                classes.put(account, new ArrayList<>());
                continue;
            }
            String signature = allows.signature(account) + "|" + denies.signature(account);
            String first = firstBySignature.putIfAbsent(signature, account);
            if (first == null) {
                classes.put(account, new ArrayList<>());
            } else {
                classes.get(first).add(account);
            }
        }
        return classes;
    }

    /**
     * Whether a pattern matches {@code arn:P:iam::A:TYPE/NAME} for every 12-digit A alike: it has no digit or
     * {@code ?} (only a {@code *} can span the account); or it is {@code *}{@code /…} (every {@code /} follows the
     * account); or its last {@code :} is preceded by {@code *} or {@code arn:P:iam::*} and followed by text that
     * can only start right after the account, such as {@code role/ci-1-*}.
     */
    static boolean accountBlind(String pattern, String partition) {
        if (!pattern.matches(".*[0-9?].*") || pattern.startsWith("*/")) {
            return true;
        }
        int colon = pattern.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String before = pattern.substring(0, colon);
        String after = pattern.substring(colon + 1);
        int wildcard = indexOfWildcard(after);
        String literal = wildcard < 0 ? after : after.substring(0, wildcard);
        if (literal.isEmpty() || Character.isDigit(literal.charAt(0)) || literal.charAt(0) == ':') {
            return false;
        }
        for (String earlier : List.of(partition + ":iam::", "iam::", ":")) {
            if (earlier.startsWith(literal) || literal.startsWith(earlier)) {
                return false;
            }
        }
        return before.equals("*") || before.equals("arn:" + partition + ":iam::*");
    }

    /** Whether a pattern names one account exactly ({@code arn:aws:iam::222222222222:role/x*}): it tells only it apart. */
    private static boolean pinsOneAccount(String pattern) {
        String[] fields = pattern.split(":", 6);
        return fields.length == 6 && ACCOUNT_ID.matcher(fields[4]).matches()
                && !Glob.hasWildcard(String.join(":", fields[0], fields[1], fields[2], fields[3]));
    }

    private static int indexOfWildcard(String text) {
        int star = text.indexOf('*');
        int mark = text.indexOf('?');
        return star < 0 ? mark : mark < 0 ? star : Math.min(star, mark);
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
            accounts.addAll(pinnedAccounts(value));
        }
        return accounts;
    }

    /**
     * The accounts a caller pattern pins, wherever they sit in it (ARN-shaped or not): its account field when it is
     * a six-field ARN ({@code 2222*} too), and any run of exactly 12 digits ({@code *:333333333333:role/*}).
     */
    static Set<String> pinnedAccounts(String pattern) {
        Set<String> out = new LinkedHashSet<>();
        String[] fields = pattern.split(":", 6);
        if (fields.length == 6 && !fields[4].equals("*")) {
            accountMatching(fields[4]).ifPresent(out::add);
        }
        Matcher digits = TWELVE_DIGITS.matcher(pattern);
        while (digits.find()) {
            out.add(digits.group());
        }
        return out;
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
        boolean blind = accountBlind(pattern, partition);
        for (String type : List.of("user/", "role/")) {
            List<String> shared = null;
            for (String account : accounts) {
                boolean named = !account.equals(outsider);
                // an account-blind pattern completes alike in every account: run the automaton once
                List<String> rests = blind && shared != null ? shared
                        : completions(pattern, "arn:" + partition + ":iam::" + account + ":" + type);
                shared = rests;
                for (String rest : rests) {
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
}
