package io.github.crossaccountmfa.invocation;

/** How much time an invocation has left (the Lambda context's remaining time). */
@FunctionalInterface
public interface Deadline {
    long remainingMillis();

    /** No deadline (the command line). */
    static Deadline none() {
        return () -> Long.MAX_VALUE;
    }

    /** A deadline at {@code epochMillis} on the system clock. */
    static Deadline atEpochMillis(long epochMillis) {
        return () -> epochMillis - System.currentTimeMillis();
    }
}
