package io.github.crossaccountmfa.testing;

import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.aws.ConfigEvaluationSink;
import java.time.Duration;
import java.util.Optional;

/** Short backoff (and, for timeout tests, short timeouts) so fault tests finish quickly. */
public final class FastAws {
    private static final Optional<AwsClients.Settings.Backoff> BACKOFF =
            Optional.of(new AwsClients.Settings.Backoff(Duration.ofMillis(10), Duration.ofMillis(50)));

    /** 3 attempts, 10-50 ms backoff, a 5 s read timeout (generous: the build machine is shared). */
    public static final AwsClients.Settings SETTINGS = new AwsClients.Settings(Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10), 3, BACKOFF);
    /** As {@link #SETTINGS} with a 1 s read timeout, for slow-response tests. */
    public static final AwsClients.Settings SHORT_TIMEOUT = new AwsClients.Settings(Duration.ofSeconds(2),
            Duration.ofSeconds(1), Duration.ofSeconds(10), 3, BACKOFF);
    /** A response delayed this long times out under {@link #SHORT_TIMEOUT}. */
    public static final int SLOW_MILLIS = 3_000;
    /** FailedEvaluations retried 4 times, 1-5 ms apart. */
    public static final ConfigEvaluationSink.Retry RETRY =
            new ConfigEvaluationSink.Retry(4, Duration.ofMillis(1), Duration.ofMillis(5));

    private FastAws() {
    }

    /** Clients from the default chains (see {@link AwsTestEnvironment}) with {@link #SETTINGS}. */
    public static AwsClients clients() {
        return AwsClients.fromEnvironment(Optional.empty(), SETTINGS);
    }

    /** Clients with {@link #SHORT_TIMEOUT}. */
    public static AwsClients shortTimeoutClients() {
        return AwsClients.fromEnvironment(Optional.empty(), SHORT_TIMEOUT);
    }
}
