package io.github.crossaccountmfa.testing;

import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.aws.ConfigEvaluationSink;
import java.time.Duration;
import java.util.Optional;

/** Short backoff (and, for timeout tests, short timeouts) so fault tests finish quickly. */
public final class FastAws {
    private static final Optional<AwsClients.Settings.Backoff> BACKOFF =
            Optional.of(new AwsClients.Settings.Backoff(Duration.ofMillis(10), Duration.ofMillis(50)));

    /**
     * 3 attempts, 10-50 ms backoff. The timeouts only guard against a hung call: faults the tests inject (errors,
     * resets, throttling) come back at once, and a normal call on a loaded machine must never reach them. Tests of
     * slow responses use {@link #clientsWithTimeout}, with a timeout derived from a measurement ({@link SlowCalls}).
     */
    public static final AwsClients.Settings SETTINGS = new AwsClients.Settings(Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofSeconds(60), 3, BACKOFF);
    /** FailedEvaluations retried 4 times, 1-5 ms apart. */
    public static final ConfigEvaluationSink.Retry RETRY =
            new ConfigEvaluationSink.Retry(4, Duration.ofMillis(1), Duration.ofMillis(5));

    private FastAws() {
    }

    /** Clients from the default chains (see {@link AwsTestEnvironment}) with {@link #SETTINGS}. */
    public static AwsClients clients() {
        return AwsClients.fromEnvironment(Optional.empty(), SETTINGS);
    }

    /** As {@link #SETTINGS}, but every attempt (connect, read, the whole attempt) times out after {@code timeout}. */
    public static AwsClients.Settings withTimeout(Duration timeout) {
        return new AwsClients.Settings(timeout, timeout, timeout, SETTINGS.maxAttempts(), BACKOFF);
    }

    /** Clients with {@link #withTimeout}. */
    public static AwsClients clientsWithTimeout(Duration timeout) {
        return AwsClients.fromEnvironment(Optional.empty(), withTimeout(timeout));
    }
}
