package io.github.crossaccountmfa.lambda;

import io.github.crossaccountmfa.aws.AwsRuleBackends;
import io.github.crossaccountmfa.aws.ConfigEvaluationSink;
import io.github.crossaccountmfa.invocation.CallGuard;
import io.github.crossaccountmfa.invocation.ConfigEventParser;
import io.github.crossaccountmfa.invocation.ConfigurationItem;
import io.github.crossaccountmfa.invocation.ResourceEvaluation;
import io.github.crossaccountmfa.invocation.RuleInvocation;
import io.github.crossaccountmfa.rule.Compliance;
import java.time.Duration;
import java.time.Instant;
import io.github.crossaccountmfa.invocation.ConfigurationItemFetcher;
import io.github.crossaccountmfa.invocation.Deadline;
import io.github.crossaccountmfa.invocation.EvaluationHistory;
import io.github.crossaccountmfa.invocation.EvaluationSink;
import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.invocation.RuleBackend;
import io.github.crossaccountmfa.invocation.RuleEvent;
import io.github.crossaccountmfa.invocation.RuleRunner;
import io.github.crossaccountmfa.invocation.RunSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * SnapStart priming, before the snapshot:
 * <ol>
 *   <li>the whole event-parsing and verdict path on a bundled change event ({@code priming/change-event.json}) with
 *       an evaluation sink that drops everything;</li>
 *   <li>the function's own SDK clients are built, its credentials looked up for real (the default chain; in
 *       Lambda the execution role's), and the bundled scheduled, oversized and change events run through those
 *       clients, every request signed and answered from memory ({@link PrimingHttp}, {@link CannedAws}): no
 *       network call, nothing reaches AWS Config. A restored snapshot then pays neither the clients' construction
 *       nor the first credentials lookup, signature or (un)marshalling.</li>
 * </ol>
 * Without credentials (outside Lambda) step 2 runs on separate clients with placeholder credentials instead.
 */
final class Priming implements Resource {
    static final String EVENT = "/priming/change-event.json";
    static final List<String> SDK_EVENTS = List.of("/priming/scheduled-event.json", "/priming/oversized-event.json",
            EVENT);
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

    /** CRaC contexts hold resources weakly: this reference keeps the hook alive. */
    private static final Priming INSTANCE = new Priming();

    private volatile Optional<AwsRuleBackends> backends = Optional.empty();
    private volatile Optional<Thread> warmUp = Optional.empty();

    private Priming() {
    }

    /** Registers the hook for the function's backends (their HTTP clients wrapped by {@link PrimingHttp}). */
    static Priming register(AwsRuleBackends functionBackends) {
        INSTANCE.backends = Optional.of(functionBackends);
        Core.getGlobalContext().register(INSTANCE);
        return INSTANCE;
    }

    /** The hook the function registered (for the restore benchmark, which runs it as SnapStart would). */
    static Priming registered() {
        return INSTANCE;
    }

    /**
     * Cold start: on a background thread, builds the function's Config client, looks up its credentials, and sends
     * one PutEvaluations (TestMode) for the bundled change event through it, signed and answered from memory, so
     * that the first event's own PutEvaluations finds all of that done. Requests of other threads are not
     * touched ({@link PrimingHttp}). Failures are left for the invocation, which builds the client itself.
     */
    Priming warmUpInBackground() {
        warmUp = Optional.of(Thread.ofPlatform().daemon().name("warm-up").start(() -> {
            try {
                AwsRuleBackends function = backends.orElseThrow();
                // The client first: meanwhile the main thread parses and evaluates the event.
                function.prepareConfigClient();
                PrimingHttp.fromMemory(() -> {
                    function.credentials().resolveCredentials();
                    RuleInvocation invocation = ConfigEventParser.parse(RuleEvent.fromJson(read(EVENT)));
                    function.forInvocation(invocation.header(), CallGuard.NONE).sink().put(
                            ConfigEvaluationSink.TEST_MODE_TOKEN, List.of(new ResourceEvaluation(
                                    ConfigurationItem.ROLE_TYPE, "AROAPRIMINGROLE00001", Compliance.NON_COMPLIANT,
                                    "priming", Instant.EPOCH)));
                    return null;
                });
            } catch (RuntimeException e) {
                // No credentials or no region here: the invocation meets the same and reports it.
            }
        }));
        return this;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        warmUp.ifPresent(thread -> {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        prime();
        if (backends.isEmpty() || !primeFunctionClients(backends.get())) {
            CannedAws.prime();
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: no connection is open, and the SDK refreshes the credentials before they expire.
    }

    /** Runs the bundled event offline; returns what would have been reported. */
    static RunSummary prime() {
        try {
            return new RuleRunner((header, guard) -> OFFLINE).run(RuleEvent.fromJson(read(EVENT)), Deadline.none());
        } finally {
            MDC.clear();
        }
    }

    /**
     * The function's own clients, credentials and signing, against canned responses.
     *
     * @return false if there are no credentials to sign with (nothing was run)
     */
    static boolean primeFunctionClients(AwsRuleBackends backends) {
        try {
            backends.credentials().resolveCredentials();
        } catch (SdkException e) {
            LOG.warn("SnapStart priming: no AWS credentials ({}); the SDK path is primed with placeholder credentials",
                    e.getClass().getSimpleName());
            return false;
        }
        return PrimingHttp.fromMemory(() -> {
            try {
                backends.warmUp();
                RuleRunner runner = new RuleRunner(backends);
                for (String event : SDK_EVENTS) {
                    MDC.put("priming", "true");
                    runner.run(RuleEvent.fromJson(read(event)), Deadline.none());
                    MDC.clear();
                }
                return true;
            } finally {
                MDC.clear();
            }
        });
    }

    static String read(String resource) {
        try (InputStream in = Priming.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops evaluations; refuses anything that would need the network. */
    private static final RuleBackend OFFLINE = new RuleBackend() {
        @Override
        public RoleSource roles() {
            throw new IllegalStateException("priming makes no IAM calls");
        }

        @Override
        public ConfigurationItemFetcher items() {
            throw new IllegalStateException("priming makes no Config calls");
        }

        @Override
        public EvaluationHistory history() {
            throw new IllegalStateException("priming makes no Config calls");
        }

        @Override
        public EvaluationSink sink() {
            return (token, batch) -> { };
        }
    };
}
