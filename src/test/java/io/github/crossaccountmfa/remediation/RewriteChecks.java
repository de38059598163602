package io.github.crossaccountmfa.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.rule.Admission;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import io.github.crossaccountmfa.testing.PolicyCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks of a rewritten policy made from the outside, independently of the remediator's own checks: the own and
 * trusted accounts' callers are admitted exactly as before, and every Sid is unique.
 *
 * <p>Access of an internal account is observed by placing the role in an account no policy names
 * ({@link #ELSEWHERE}) and trusting nobody, so that the internal accounts are ordinary callers for the engine, on
 * callers that the policies name or that a probe names: the account itself, and a user and a CI role in it.
 */
final class RewriteChecks {
    static final String ELSEWHERE = "999999999999";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final VerdictEngine NOBODY_TRUSTED = new VerdictEngine(RuleParameters.DEFAULTS, PolicyCorpus.CLOCK);

    private RewriteChecks() {
    }

    /** The own account and the trusted accounts. */
    static Set<String> internalAccounts(RoleContext role, RuleParameters parameters) {
        Set<String> accounts = new TreeSet<>(parameters.trustedAccountIds());
        role.accountId().ifPresent(accounts::add);
        return accounts;
    }

    /** Asserts that callers of {@code accounts} are admitted by {@code after} exactly as by {@code before}. */
    static void assertInternalAccessUnchanged(String before, String after, Set<String> accounts) {
        if (accounts.isEmpty()) {
            return;
        }
        TrustPolicy original = TrustPolicy.parse(before);
        TrustPolicy fixed = TrustPolicy.parse(after);
        TrustPolicy probe = TrustPolicy.parse(probe(before, after, accounts));
        RoleContext elsewhere = RoleContext.ofAccount(ELSEWHERE);
        assertThat(of(NOBODY_TRUSTED.admissions(fixed, probe, elsewhere), accounts))
                .as("access of the own and trusted accounts %s after rewriting %s into %s", accounts, before, after)
                .isEqualTo(of(NOBODY_TRUSTED.admissions(original, probe, elsewhere), accounts));
    }

    /** Asserts that no two statements of {@code policy} share a Sid (compared without case). */
    static void assertSidsUnique(String policy) {
        List<String> sids = sids(policy);
        assertThat(new HashSet<>(sids)).as("Sids of %s", policy).hasSameSizeAs(sids);
    }

    /** The Sids of {@code policy}, lower case, in order. */
    static List<String> sids(String policy) {
        List<String> sids = new ArrayList<>();
        JsonNode statements = tree(TrustPolicy.decode(policy)).path("Statement");
        for (JsonNode statement : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
            if (statement.path("Sid").isTextual()) {
                sids.add(statement.path("Sid").textValue().toLowerCase(Locale.ROOT));
            }
        }
        return sids;
    }

    /** Both policies' statements and one naming a user, a CI role and the root of each internal account. */
    private static String probe(String before, String after, Set<String> accounts) {
        List<String> principals = new ArrayList<>();
        for (String account : accounts) {
            principals.add("\"arn:aws:iam::" + account + ":root\"");
            principals.add("\"arn:aws:iam::" + account + ":user/alice\"");
            principals.add("\"arn:aws:iam::" + account + ":role/ci-deploy\"");
        }
        StringBuilder statements = new StringBuilder();
        for (String policy : List.of(before, after)) {
            JsonNode list = tree(TrustPolicy.decode(policy)).path("Statement");
            for (JsonNode statement : list.isArray() ? list : JSON.createArrayNode().add(list)) {
                statements.append(statement).append(',');
            }
        }
        return "{\"Statement\":[" + statements + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":["
                + String.join(",", principals) + "]},\"Action\":\"sts:AssumeRole\"}]}";
    }

    private static Set<Admission> of(Set<Admission> admissions, Set<String> accounts) {
        Set<Admission> internal = new LinkedHashSet<>();
        for (Admission admission : admissions) {
            if (accounts.contains(admission.caller().split(":")[4])) {
                internal.add(admission);
            }
        }
        return internal;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
