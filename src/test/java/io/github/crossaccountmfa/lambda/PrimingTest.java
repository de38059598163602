package io.github.crossaccountmfa.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.invocation.RunSummary;
import io.github.crossaccountmfa.testing.Events;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.Test;

class PrimingTest {

    @Test
    void primingRunsTheWholeChangeEventPathOfflineOnTheBundledEvent() {
        RunSummary summary = Priming.prime();

        assertThat(summary.nonCompliant()).isEqualTo(1);
        assertThat(summary.total()).isEqualTo(1);
        assertThat(ThreadContext.getImmutableContext()).isEmpty();
    }

    @Test
    void bundledPrimingEventIsTheSampleNonCompliantChangeEvent() throws IOException {
        try (InputStream in = Priming.class.getResourceAsStream(Priming.EVENT)) {
            assertThat(in).isNotNull();
            assertThat(Events.json(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
                    .isEqualTo(Events.json(Events.text("change-noncompliant.json")));
        }
    }

    @Test
    void sdkPathIsPrimedAgainstCannedResponsesWithoutNetwork() {
        // The endpoint is http://priming.invalid: any real connection attempt would fail.
        assertThat(CannedAws.prime()).isEqualTo(1);
    }

    @Test
    void checkpointHookIsRegisteredAndRunsWithoutNetwork() throws Exception {
        Priming hook = Priming.register();

        hook.beforeCheckpoint(null);
        hook.afterRestore(null);

        assertThat(Priming.register()).isSameAs(hook);
    }
}
