package io.github.crossaccountmfa.lambda;

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
import org.apache.logging.log4j.ThreadContext;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot, runs the whole event-parsing and verdict path on a bundled change event
 * ({@code priming/change-event.json}) with an evaluation sink that drops everything, then every SDK call the rule
 * makes against canned in-memory responses ({@link CannedAws}), so the classes are loaded and initialized in the
 * snapshot. No network calls; nothing to do after restore (the function's SDK clients hold no connections yet and
 * credentials are resolved on first use).
 */
final class Priming implements Resource {
    static final String EVENT = "/priming/change-event.json";

    /** CRaC contexts hold resources weakly: this reference keeps the hook alive. */
    private static final Priming INSTANCE = new Priming();

    private Priming() {
    }

    static Priming register() {
        Core.getGlobalContext().register(INSTANCE);
        return INSTANCE;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
        CannedAws.prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: no connection is open and credentials are resolved per call by the SDK.
    }

    /** Runs the bundled event offline; returns what would have been reported. */
    static RunSummary prime() {
        try {
            return new RuleRunner((header, guard) -> OFFLINE).run(RuleEvent.fromJson(read()), Deadline.none());
        } finally {
            ThreadContext.clearMap();
        }
    }

    private static String read() {
        try (InputStream in = Priming.class.getResourceAsStream(EVENT)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + EVENT);
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
