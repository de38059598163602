package io.github.crossaccountmfa.testing;

import java.time.Duration;

/**
 * Timeouts for tests that inject a slow response. A fixed timeout is a guess about how fast the build machine is,
 * and a loaded CI machine makes that guess wrong; these are derived from the same call measured on this machine now
 * (whatever its load) and from what the test injects: the timeout is many times the slowest normal call, the
 * injected delay many times the timeout.
 */
public final class SlowCalls {
    /** How many times the slowest measured normal call a timeout is. */
    static final int HEADROOM = 10;
    /** The shortest timeout: below it, a GC pause alone could trip it. */
    static final Duration FLOOR = Duration.ofSeconds(1);
    /** How many times the timeout an injected delay is. */
    static final int DELAY_FACTOR = 4;

    private SlowCalls() {
    }

    /** {@value #HEADROOM} × the slowest of three runs of {@code normalCall}, and at least {@link #FLOOR}. */
    public static Duration timeoutAbove(Runnable normalCall) {
        long slowest = 0;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            normalCall.run();
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        Duration measured = Duration.ofNanos(slowest).multipliedBy(HEADROOM);
        return measured.compareTo(FLOOR) < 0 ? FLOOR : measured;
    }

    /** A delay that {@code timeout} always cuts short: {@value #DELAY_FACTOR} × it. */
    public static int delayMillisBeyond(Duration timeout) {
        return Math.toIntExact(timeout.multipliedBy(DELAY_FACTOR).toMillis());
    }
}
