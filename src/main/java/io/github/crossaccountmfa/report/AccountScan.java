package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.RoleEvaluator;
import io.github.crossaccountmfa.rule.RoleRecord;
import io.github.crossaccountmfa.rule.VerdictEngine;
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
 * <p>All or nothing for AWS: if a call fails, {@link #run} throws {@link ScanException} and no result exists. A role
 * whose trust policy cannot be read or evaluated costs only itself: it is NON_COMPLIANT, as the rule reports it. A
 * role deleted during the scan ({@code ListRoleTags} no longer knows it) is left out.
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
     * @throws ScanException when listing or a tag look-up fails; nothing is returned then
     */
    public ScanResult run(String parameters, ScanProgress progress) {
        Counter counter = new Counter();
        List<ScannedRole> roles = new ArrayList<>();
        try {
            source.forEachRole(role -> {
                counter.listed++;
                progress.update(counter.listed, counter.evaluated, counter.tagLookups);
                evaluate(role, counter).ifPresent(roles::add);
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

    /**
     * The role's verdict; empty when the role was deleted after it was listed (its tags are gone). A role that
     * cannot be evaluated is NON_COMPLIANT, as the rule reports it, and the scan goes on.
     */
    private Optional<ScannedRole> evaluate(RoleRecord role, Counter counter) {
        Evaluation evaluation;
        try {
            evaluation = evaluator.evaluate(role, r -> lookUpTags(r, counter));
        } catch (Deleted deleted) {
            return Optional.empty();
        } catch (Failure failure) {
            throw failure;
        } catch (RuntimeException e) {
            evaluation = VerdictEngine.failed(e);
        }
        return Optional.of(new ScannedRole(role, evaluation));
    }

    private Map<String, String> lookUpTags(RoleRecord role, Counter counter) {
        counter.tagLookups++;
        Optional<Map<String, String>> tags;
        try {
            tags = source.tags(role);
        } catch (RuntimeException e) {
            throw new Failure(LIST_ROLE_TAGS, e);
        }
        return tags.orElseThrow(Deleted::new);
    }

    /** The role's tags are gone: it was deleted after it was listed, so it is left out like any deleted role. */
    private static final class Deleted extends RuntimeException {
        Deleted() {
            super(null, null, false, false);
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
