package io.github.crossaccountmfa.remediation;

import io.github.crossaccountmfa.policy.Statement;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.rule.Admission;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The access that callers of the role's own and trusted accounts have, which a remediation must leave exactly as
 * it was. The engine only looks at third parties, so these accounts are looked at with an engine that trusts
 * nobody (every account is then a "third party"), on candidate callers that include users and role sessions of
 * each of these accounts, and the admissions are kept for these accounts only.
 */
final class InternalAccess {
    private static final VerdictEngine TRUSTING_NOBODY = new VerdictEngine(RuleParameters.DEFAULTS);

    private final Set<String> accounts;
    private final RoleContext anyAccount;

    /** The role's own account (when known) and the trusted accounts of {@code parameters}. */
    InternalAccess(RoleContext role, RuleParameters parameters) {
        Set<String> internal = new TreeSet<>(parameters.trustedAccountIds());
        role.accountId().ifPresent(internal::add);
        this.accounts = Set.copyOf(internal);
        this.anyAccount = new RoleContext(Optional.empty(), role.partition());
    }

    /** The own and trusted accounts, sorted. */
    List<String> accounts() {
        return List.copyOf(new TreeSet<>(accounts));
    }

    /**
     * The (internal caller, MFA state) pairs that {@code before} and {@code after} do not both admit, e.g.
     * {@code lost arn:aws:iam::111111111111:user/x KEYS_ABSENT}; empty when the access is the same.
     */
    List<String> differences(TrustPolicy before, TrustPolicy after) {
        if (accounts.isEmpty()) {
            return List.of();
        }
        TrustPolicy probe = probe(before, after);
        Set<Admission> was = internal(TRUSTING_NOBODY.admissions(before, probe, anyAccount));
        Set<Admission> is = internal(TRUSTING_NOBODY.admissions(after, probe, anyAccount));
        List<String> differences = new ArrayList<>();
        was.stream().filter(a -> !is.contains(a)).forEach(a -> differences.add("lost " + describe(a)));
        is.stream().filter(a -> !was.contains(a)).forEach(a -> differences.add("gained " + describe(a)));
        return differences;
    }

    /**
     * A policy whose candidate callers are those of both versions plus a user and a role session in each internal
     * account (it names their roots); only its callers are used, never its verdict.
     */
    private TrustPolicy probe(TrustPolicy before, TrustPolicy after) {
        String roots = String.join(",", accounts.stream()
                .map(a -> "\"arn:" + anyAccount.partition() + ":iam::" + a + ":root\"").toList());
        TrustPolicy naming = TrustPolicy.parse("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":["
                + roots + "]},\"Action\":\"sts:AssumeRole\"}]}");
        List<Statement> statements = new ArrayList<>();
        for (TrustPolicy policy : List.of(before, after, naming)) {
            for (Statement s : policy.statements()) {
                statements.add(new Statement(statements.size(), s.sid(), s.effect(), s.principal(), s.action(),
                        s.conditions()));
            }
        }
        return new TrustPolicy(Optional.empty(), statements);
    }

    private Set<Admission> internal(Set<Admission> admissions) {
        Set<Admission> internal = new LinkedHashSet<>();
        for (Admission admission : admissions) {
            String[] arn = admission.caller().split(":", 6);
            if (arn.length == 6 && accounts.contains(arn[4])) {
                internal.add(admission);
            }
        }
        return internal;
    }

    private static String describe(Admission admission) {
        return admission.caller() + " (" + admission.mfaState() + ")";
    }
}
