package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.policy.PolicyParseException;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.Finding;
import io.github.crossaccountmfa.rule.RoleEvaluator;
import io.github.crossaccountmfa.rule.RoleRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Audits every role a {@link RoleSource} lists, with the verdict the rule gives it ({@link RoleEvaluator}: the
 * same code as the Lambda). The only calls besides the paginated listing are tag look-ups, which the evaluator
 * makes only when {@code ExemptionTagKey} is set and the role would otherwise be NON_COMPLIANT.
 *
 * <p>All or nothing: if any call fails, {@link #run} throws {@link ScanException} and no result exists.
 */
public final class AccountScan {
    static final String LIST_ROLES = "iam:ListRoles";
    static final String LIST_ROLE_TAGS = "iam:ListRoleTags";

    private final RoleSource source;
    private final RoleEvaluator evaluator;
    private final Clock clock;

    public AccountScan(RoleSource source, RoleEvaluator evaluator, Clock clock) {
        this.source = Objects.requireNonNull(source);
        this.evaluator = Objects.requireNonNull(evaluator);
        this.clock = Objects.requireNonNull(clock);
    }

    public AccountScan(RoleSource source, RoleEvaluator evaluator) {
        this(source, evaluator, Clock.systemUTC());
    }

    /**
     * @param parameters the rule parameters as the user gave them, recorded in the result
     * @throws ScanException when listing, a tag look-up or an evaluation fails; nothing is returned then
     */
    public ScanResult run(String parameters, ScanProgress progress) {
        Counter counter = new Counter();
        List<ScannedRole> roles = new ArrayList<>();
        try {
            source.forEachRole(role -> {
                counter.listed++;
                progress.update(counter.listed, counter.evaluated, counter.tagLookups);
                roles.add(evaluate(role, counter));
                counter.evaluated++;
                progress.update(counter.listed, counter.evaluated, counter.tagLookups);
            });
        } catch (Failure failure) {
            throw new ScanException(failure.operation, counter.listed, failure.cause);
        } catch (RuntimeException e) {
            throw new ScanException(LIST_ROLES, counter.listed, e);
        } finally {
            progress.finished();
        }
        return new ScanResult(roles, clock.instant(), parameters);
    }

    private ScannedRole evaluate(RoleRecord role, Counter counter) {
        Evaluation evaluation;
        try {
            evaluation = evaluator.evaluate(role, r -> lookUpTags(r, counter));
        } catch (Failure failure) {
            throw failure;
        } catch (RuntimeException e) {
            throw new Failure("evaluating role " + role.name(), e);
        }
        return new ScannedRole(role, evaluation, policyError(role, evaluation));
    }

    private Map<String, String> lookUpTags(RoleRecord role, Counter counter) {
        counter.tagLookups++;
        try {
            return source.tags(role);
        } catch (RuntimeException e) {
            throw new Failure(LIST_ROLE_TAGS, e);
        }
    }

    /**
     * The parse error behind a fail-closed verdict. Only a NON_COMPLIANT verdict without NO_MFA findings can be
     * one, so only those few policies are parsed a second time.
     */
    private static Optional<String> policyError(RoleRecord role, Evaluation evaluation) {
        if (evaluation.compliance() != Compliance.NON_COMPLIANT
                || evaluation.findings().stream().anyMatch(f -> f.kind() == Finding.Kind.NO_MFA)) {
            return Optional.empty();
        }
        try {
            TrustPolicy.parse(role.trustPolicyDocument());
            return Optional.empty();
        } catch (PolicyParseException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static final class Counter {
        long listed;
        long evaluated;
        long tagLookups;
    }

    /** Carries a failure of a call made inside the listing callback out of {@link RoleSource#forEachRole}. */
    private static final class Failure extends RuntimeException {
        final String operation;
        final RuntimeException cause;

        Failure(String operation, RuntimeException cause) {
            super(operation, cause, false, false);
            this.operation = operation;
            this.cause = cause;
        }
    }
}
