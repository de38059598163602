package io.github.crossaccountmfa.invocation;

import io.github.crossaccountmfa.input.Excerpt;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.RoleEvaluator;
import io.github.crossaccountmfa.rule.RoleRecord;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.LoggerFactory;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Handles one AWS Config event end to end: parse, evaluate, report. Used by the Lambda handler and by the
 * {@code evaluate} command, so both behave the same.
 *
 * <ul>
 *   <li>Change: the item in the event is evaluated and reported with its capture time.</li>
 *   <li>Oversized: the item is fetched with GetResourceConfigHistory, then as above.</li>
 *   <li>Scheduled: every role from ListRoles is reported, then stale results of roles that no longer exist are
 *       turned NOT_APPLICABLE. A role deleted while the sweep runs (its tags are gone) is skipped like one that
 *       was never listed.</li>
 * </ul>
 *
 * Before every remote call the deadline is checked: when less time is left than the call's worst case (timeouts ×
 * attempts) plus the safety margin, the invocation stops with a {@link DeadlineException} rather than being killed
 * by the Lambda timeout mid-call; the clean-up never runs on a partial listing. A role whose policy cannot be read
 * or evaluated is its own NON_COMPLIANT result (the engine fails closed) and costs no other role.
 *
 * Failures are {@link RuleException}s with a one-line message; the caller logs it and fails the invocation so that
 * AWS Config retries.
 */
public final class RuleRunner {
    /** Time kept in reserve before the Lambda deadline besides a call's worst case: local work and reporting. */
    public static final Duration DEFAULT_SAFETY_MARGIN = Duration.ofSeconds(10);
    static final String DELETED_ROLE = "Role no longer exists (not returned by ListRoles)";

    private static final Logger LOG = LoggerFactory.getLogger(RuleRunner.class);

    private final RuleBackend.Factory backends;
    private final Duration safetyMargin;

    public RuleRunner(RuleBackend.Factory backends, Duration safetyMargin) {
        this.backends = Objects.requireNonNull(backends);
        this.safetyMargin = Objects.requireNonNull(safetyMargin);
    }

    public RuleRunner(RuleBackend.Factory backends) {
        this(backends, DEFAULT_SAFETY_MARGIN);
    }

    /** Parses {@code event} and runs it; see {@link #run(RuleInvocation, Deadline)}. */
    public RunSummary run(RuleEvent event, Deadline deadline) {
        putIfPresent("rule", event.configRuleName());
        return run(ConfigEventParser.parse(event), deadline);
    }

    /**
     * Evaluates and reports.
     *
     * @throws RuleException if the invocation must fail (nothing is reported as complete that is not)
     */
    public RunSummary run(RuleInvocation invocation, Deadline deadline) {
        long start = System.nanoTime();
        RuleInvocation.Header header = invocation.header();
        header.ruleName().ifPresent(name -> MDC.put("rule", name));
        MDC.put("messageType", header.messageType());
        Guard guard = new Guard(deadline, invocation instanceof RuleInvocation.Scheduled);
        RuleBackend backend = backends.forInvocation(header, guard);
        ItemEvaluator items = new ItemEvaluator(new RoleEvaluator(new VerdictEngine(header.parameters())));
        Progress progress = switch (invocation) {
            case RuleInvocation.Change change -> change(header, change.item(), backend, items);
            case RuleInvocation.Oversized oversized -> oversized(header, oversized.summary(), backend, items);
            case RuleInvocation.Scheduled scheduled -> sweep(scheduled, backend, guard);
        };
        EvaluationBatcher batcher = progress.batcher;
        RunSummary summary = new RunSummary(header.messageType(), batcher.count(Compliance.COMPLIANT),
                batcher.count(Compliance.NON_COMPLIANT), batcher.count(Compliance.NOT_APPLICABLE), progress.listed,
                progress.cleanedUp, batcher.calls(), Duration.ofNanos(System.nanoTime() - start).toMillis());
        log(summary);
        return summary;
    }

    private Progress change(RuleInvocation.Header header, ConfigurationItem item, RuleBackend backend,
                            ItemEvaluator items) {
        MDC.put("resourceId", item.resourceId());
        return single(header, items.evaluate(item, header.eventLeftScope(), item.captureTime(), "configurationItem"),
                backend);
    }

    private Progress oversized(RuleInvocation.Header header, ConfigurationItem summary, RuleBackend backend,
                               ItemEvaluator items) {
        MDC.put("resourceId", summary.resourceId());
        var early = ItemEvaluator.withoutConfiguration(summary, header.eventLeftScope(), summary.captureTime());
        if (early.isPresent()) {
            return single(header, early.get(), backend);
        }
        ConfigurationItem item = backend.items().fetch(summary.resourceType(), summary.resourceId(),
                summary.captureTime());
        if (!item.resourceId().equals(summary.resourceId()) || !item.resourceType().equals(summary.resourceType())) {
            throw new AwsOperationException("GetResourceConfigHistory returned " + item.resourceType() + " "
                    + item.resourceId() + " instead of " + summary.resourceType() + " " + summary.resourceId(), null);
        }
        return single(header, items.evaluate(item, header.eventLeftScope(), summary.captureTime(),
                "GetResourceConfigHistory item"), backend);
    }

    private static Progress single(RuleInvocation.Header header, ResourceEvaluation evaluation, RuleBackend backend) {
        LOG.debug("{} {}: {}", evaluation.resourceId(), evaluation.compliance(), evaluation.annotation());
        EvaluationBatcher batcher = new EvaluationBatcher(backend.sink(), header.resultToken());
        batcher.add(evaluation);
        batcher.finish();
        return new Progress(batcher, 0, 0);
    }

    private Progress sweep(RuleInvocation.Scheduled scheduled, RuleBackend backend, Guard guard) {
        RuleInvocation.Header header = scheduled.header();
        Instant time = scheduled.notificationCreationTime();
        RoleEvaluator evaluator = new RoleEvaluator(new VerdictEngine(header.parameters()));
        RoleSource roles = backend.roles();
        try (EvaluationBatcher batcher = new EvaluationBatcher(backend.sink(), header.resultToken())) {
            return sweep(scheduled, backend, guard, evaluator, roles, batcher, time);
        }
    }

    private Progress sweep(RuleInvocation.Scheduled scheduled, RuleBackend backend, Guard guard,
                           RoleEvaluator evaluator, RoleSource roles, EvaluationBatcher batcher, Instant time) {
        RuleInvocation.Header header = scheduled.header();
        long listed = roles.forEachRole(role -> {
            Evaluation evaluation;
            try {
                evaluation = evaluator.evaluate(role, r -> roles.tags(r).orElseThrow(RoleGone::new));
            } catch (RoleGone gone) {
                LOG.info("Role {} ({}) was deleted during the sweep; it is not reported", role.id(), role.name());
                return;
            }
            guard.evaluated++;
            if (!batcher.add(ResourceEvaluation.of(ConfigurationItem.ROLE_TYPE, role.id(), evaluation, time))) {
                LOG.warn("ListRoles returned role {} twice; it is reported once", role.id());
            }
            logRole(role, evaluation);
        });
        int[] cleaned = {0};
        backend.history().forEachResult(header.ruleName().orElseThrow(), result -> {
            if (batcher.reported(result.resourceType(), result.resourceId())) {
                return;
            }
            if (result.orderingTimestamp().map(t -> t.isAfter(time)).orElse(false)) {
                return; // reported after this sweep started (a role created since): not stale
            }
            batcher.add(ResourceEvaluation.notApplicable(result.resourceType(), result.resourceId(),
                    result.resourceType().equals(ConfigurationItem.ROLE_TYPE) ? DELETED_ROLE
                            : "This rule evaluates " + ConfigurationItem.ROLE_TYPE + " only", time));
            cleaned[0]++;
        });
        batcher.finish();
        return new Progress(batcher, listed, cleaned[0]);
    }

    private static void logRole(RoleRecord role, Evaluation evaluation) {
        if (evaluation.findings().stream().anyMatch(f -> f.kind().failedClosed())) {
            LOG.warn("{} ({}) reported NON_COMPLIANT (fail closed): {}", role.id(), role.name(),
                    evaluation.annotation());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{} ({}) {}: {}", role.id(), role.name(), evaluation.compliance(), evaluation.annotation());
        }
    }

    /** The deadline check before every remote call; counts the roles a sweep has evaluated for its message. */
    private final class Guard implements CallGuard {
        private final Deadline deadline;
        private final boolean sweep;
        /** Written by the sweep's thread only; read by the threads that send batches. */
        volatile int evaluated;

        Guard(Deadline deadline, boolean sweep) {
            this.deadline = deadline;
            this.sweep = sweep;
        }

        @Override
        public void beforeCall(String call, Duration worstCase) {
            long remaining = deadline.remainingMillis();
            long needed = worstCase.toMillis() + safetyMargin.toMillis();
            if (remaining >= needed) {
                return;
            }
            String left = Math.max(remaining, 0) + " ms left before the Lambda timeout, less than that call's worst "
                    + "case (" + worstCase.toMillis() + " ms: timeouts × attempts) plus the safety margin ("
                    + safetyMargin.toMillis() + " ms).";
            throw new DeadlineException(sweep
                    ? "Periodic sweep stopped before " + call + " after " + evaluated + " roles: " + left
                            + " The sweep is incomplete and deleted roles were not cleaned up; the invocation fails"
                            + " so that AWS Config retries. Raise the function's Timeout."
                    : "Stopped before " + call + ": " + left + " The invocation fails so that AWS Config retries."
                            + " Raise the function's Timeout.");
        }
    }

    /** A role whose tags are gone: it was deleted after ListRoles returned it. */
    private static final class RoleGone extends RuntimeException {
        RoleGone() {
            super(null, null, false, false);
        }
    }

    private static void log(RunSummary summary) {
        MDC.put("compliant", Integer.toString(summary.compliant()));
        MDC.put("nonCompliant", Integer.toString(summary.nonCompliant()));
        MDC.put("notApplicable", Integer.toString(summary.notApplicable()));
        MDC.put("durationMs", Long.toString(summary.durationMillis()));
        if (summary.messageType().equals(ConfigEventParser.SCHEDULED)) {
            MDC.put("rolesListed", Long.toString(summary.rolesListed()));
            MDC.put("cleanedUp", Integer.toString(summary.cleanedUp()));
        }
        LOG.info("Reported {} evaluations ({} compliant, {} non-compliant, {} not applicable) in {} PutEvaluations "
                        + "call(s), {} ms", summary.total(), summary.compliant(), summary.nonCompliant(),
                summary.notApplicable(), summary.putCalls(), summary.durationMillis());
    }

    /** Before the event is validated: shortened, so that a hostile value cannot flood every log line. */
    private static void putIfPresent(String key, String value) {
        if (value != null && !value.isBlank()) {
            MDC.put(key, Excerpt.shorten(value, ConfigEventParser.MAX_RULE_NAME));
        }
    }

    private record Progress(EvaluationBatcher batcher, long listed, int cleanedUp) {
    }
}
