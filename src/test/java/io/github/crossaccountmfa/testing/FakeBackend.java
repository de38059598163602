package io.github.crossaccountmfa.testing;

import io.github.crossaccountmfa.invocation.CallGuard;
import io.github.crossaccountmfa.invocation.ConfigurationItem;
import io.github.crossaccountmfa.invocation.ConfigurationItemFetcher;
import io.github.crossaccountmfa.invocation.EvaluationHistory;
import io.github.crossaccountmfa.invocation.EvaluationSink;
import io.github.crossaccountmfa.invocation.ResourceEvaluation;
import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.invocation.RuleBackend;
import io.github.crossaccountmfa.invocation.RuleInvocation;
import io.github.crossaccountmfa.rule.RoleRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An in-memory backend for unit tests: roles, tags, configuration items and stored results go in; the batches
 * sent and every lookup made are recorded. No network.
 */
public final class FakeBackend implements RuleBackend, RuleBackend.Factory {
    public final List<RoleRecord> roles = new ArrayList<>();
    public final Map<String, Map<String, String>> tagsByRoleName = new HashMap<>();
    public final Map<String, ConfigurationItem> items = new HashMap<>();
    public final List<EvaluationHistory.Result> history = new ArrayList<>();

    public final List<List<ResourceEvaluation>> batches = new ArrayList<>();
    public final List<String> tokens = new ArrayList<>();
    public final List<String> tagLookups = new ArrayList<>();
    public final List<String> fetches = new ArrayList<>();
    public final List<RuleInvocation.Header> headers = new ArrayList<>();
    /** Roles that "were deleted" after they were listed: their tag look-up finds nothing. */
    public final Set<String> deletedAfterListing = new HashSet<>();
    /** Every remote call the fake makes, in order, as the runner's guard saw them. */
    public final List<String> guardedCalls = new ArrayList<>();
    public int listCalls;
    public int historyCalls;
    /** What the fake reports as each call's worst case to the runner's guard. */
    public Duration callWorstCase = Duration.ZERO;
    /** Runs before each sink call (e.g. to advance a fake clock or to fail). */
    public Consumer<List<ResourceEvaluation>> onPut = batch -> { };
    private CallGuard guard = CallGuard.NONE;

    @Override
    public RuleBackend forInvocation(RuleInvocation.Header header, CallGuard guard) {
        headers.add(header);
        this.guard = guard;
        return this;
    }

    private void beforeCall(String call) {
        guard.beforeCall(call, callWorstCase);
        guardedCalls.add(call);
    }

    @Override
    public RoleSource roles() {
        return new RoleSource() {
            @Override
            public long forEachRole(Consumer<RoleRecord> consumer) {
                beforeCall("ListRoles");
                listCalls++;
                roles.forEach(consumer);
                return roles.size();
            }

            @Override
            public Optional<Map<String, String>> tags(RoleRecord role) {
                beforeCall("ListRoleTags " + role.name());
                tagLookups.add(role.name());
                if (deletedAfterListing.contains(role.name())) {
                    return Optional.empty();
                }
                return Optional.of(tagsByRoleName.getOrDefault(role.name(), Map.of()));
            }
        };
    }

    @Override
    public ConfigurationItemFetcher items() {
        return (type, id, captureTime) -> {
            beforeCall("GetResourceConfigHistory " + id);
            fetches.add(type + " " + id + " " + captureTime);
            ConfigurationItem item = items.get(id);
            if (item == null) {
                throw new IllegalStateException("no fake item for " + id);
            }
            return item;
        };
    }

    @Override
    public EvaluationHistory history() {
        return (ruleName, consumer) -> {
            beforeCall("GetComplianceDetailsByConfigRule");
            historyCalls++;
            history.forEach(consumer);
        };
    }

    @Override
    public EvaluationSink sink() {
        return (token, batch) -> {
            beforeCall("PutEvaluations");
            onPut.accept(batch);
            tokens.add(token);
            batches.add(List.copyOf(batch));
        };
    }

    /** Every evaluation sent, in order. */
    public List<ResourceEvaluation> sent() {
        return batches.stream().flatMap(List::stream).toList();
    }

    public ResourceEvaluation sentFor(String resourceId) {
        return sent().stream().filter(e -> e.resourceId().equals(resourceId)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing sent for " + resourceId + "; sent " + sent()));
    }

    public FakeBackend role(String name, String id, String path, String trustPolicy) {
        roles.add(new RoleRecord(name, id, "arn:aws:iam::123456789012:role" + path + name, path, trustPolicy,
                Optional.empty()));
        return this;
    }

    public FakeBackend storedResult(String type, String id, Instant orderingTimestamp) {
        history.add(new EvaluationHistory.Result(type, id, Optional.ofNullable(orderingTimestamp)));
        return this;
    }
}
