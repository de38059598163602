package io.github.crossaccountmfa.rule;

import io.github.crossaccountmfa.policy.Principal;
import io.github.crossaccountmfa.policy.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements of one effect, indexed by the accounts their principals name, so that a caller is checked only
 * against the statements that can designate it and only against the principals of its own account. Without it,
 * N statements naming N accounts cost N x N checks (IAM's own evaluation is linear).
 */
final class PrincipalIndex {
    /** One statement's principals: positions of {@code *}, and positions by account. */
    private record Entry(Statement statement, List<Integer> everyone, Map<String, List<Integer>> byAccount) {
    }

    private final List<Statement> open = new ArrayList<>();
    private final Map<String, List<Statement>> byAccount = new HashMap<>();
    /** NotPrincipal statements by the accounts they except: those tell accounts apart too. */
    private final Map<String, List<Statement>> exceptedByAccount = new HashMap<>();
    /** Statements that name everyone and also name the account: the account is told apart in what they report. */
    private final Map<String, List<Statement>> besideEveryone = new HashMap<>();
    private final Map<Statement, Entry> entries;

    PrincipalIndex(List<Statement> statements) {
        entries = new IdentityHashMap<>(statements.size());
        for (Statement statement : statements) {
            List<Integer> everyone = new ArrayList<>(0);
            // most statements name one or two principals: a small map, not a default-sized one, for each
            Map<String, List<Integer>> accounts = new HashMap<>(4);
            List<Principal> principals = statement.principal().principals();
            for (int i = 0; i < principals.size(); i++) {
                switch (principals.get(i)) {
                    case Principal.Everyone e -> everyone.add(i);
                    case Principal.Account a -> accounts.computeIfAbsent(a.accountId(), k -> new ArrayList<>()).add(i);
                    case Principal.Identity id -> accounts.computeIfAbsent(id.accountId(), k -> new ArrayList<>()).add(i);
                    default -> {
                        // designates no AWS caller
                    }
                }
            }
            entries.put(statement, new Entry(statement, everyone.isEmpty() ? List.of() : everyone,
                    accounts.size() == 1 ? Map.copyOf(accounts) : accounts));
            if (statement.principal().negated() || !everyone.isEmpty()) {
                open.add(statement);
                Map<String, List<Statement>> telling = statement.principal().negated() ? exceptedByAccount
                        : besideEveryone;
                for (String account : accounts.keySet()) {
                    telling.computeIfAbsent(account, k -> new ArrayList<>()).add(statement);
                }
            } else {
                for (String account : accounts.keySet()) {
                    byAccount.computeIfAbsent(account, k -> new ArrayList<>()).add(statement);
                }
            }
        }
    }

    /**
     * Which statements name {@code account}, in Principal (beside {@code *} too) or NotPrincipal: accounts alike
     * have one signature.
     */
    String signature(String account) {
        StringBuilder out = new StringBuilder();
        for (Statement statement : byAccount.getOrDefault(account, List.of())) {
            out.append(statement.index()).append(',');
        }
        for (Statement statement : exceptedByAccount.getOrDefault(account, List.of())) {
            out.append('!').append(statement.index()).append(',');
        }
        for (Statement statement : besideEveryone.getOrDefault(account, List.of())) {
            out.append('*').append(statement.index()).append(',');
        }
        return out.toString();
    }

    /** The statements that may designate {@code caller}, in policy order. */
    List<Statement> candidates(Caller caller) {
        List<Statement> named = byAccount.getOrDefault(caller.account(), List.of());
        if (open.isEmpty()) {
            return named;
        }
        if (named.isEmpty()) {
            return open;
        }
        List<Statement> merged = new ArrayList<>(open.size() + named.size());
        int i = 0;
        int j = 0;
        while (i < open.size() || j < named.size()) {
            if (j == named.size() || i < open.size() && open.get(i).index() < named.get(j).index()) {
                merged.add(open.get(i++));
            } else {
                merged.add(named.get(j++));
            }
        }
        return merged;
    }

    /** The positions of the principals of {@code statement} that designate {@code caller}, in policy order. */
    List<Integer> matching(Statement statement, Caller caller) {
        Entry entry = entries.get(statement);
        List<Integer> own = entry.byAccount().getOrDefault(caller.account(), List.of());
        List<Integer> out = new ArrayList<>(entry.everyone().size() + own.size());
        List<Principal> principals = statement.principal().principals();
        out.addAll(entry.everyone());
        for (int position : own) {
            if (Callers.matches(principals.get(position), caller)) {
                out.add(position);
            }
        }
        out.sort(null);
        return out;
    }

    /** Whether the statement's Principal (or NotPrincipal) element designates {@code caller}. */
    boolean admits(Statement statement, Caller caller) {
        Entry entry = entries.get(statement);
        boolean any = !entry.everyone().isEmpty();
        if (!any) {
            List<Principal> principals = statement.principal().principals();
            for (int position : entry.byAccount().getOrDefault(caller.account(), List.of())) {
                if (Callers.matches(principals.get(position), caller)) {
                    any = true;
                    break;
                }
            }
        }
        return any != statement.principal().negated();
    }
}
