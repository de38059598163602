package io.github.crossaccountmfa.lambda;

import io.github.crossaccountmfa.aws.AwsRuleBackends;
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

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
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
