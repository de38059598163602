package io.github.crossaccountmfa.testing;

import java.util.Map;
import org.slf4j.MDC;

/** The log context (MDC) of the current thread. */
public final class Logs {
    private Logs() {
    }

    /** A copy of the current thread's log context; empty when nothing is set. */
    public static Map<String, String> context() {
        Map<String, String> copy = MDC.getCopyOfContextMap();
        return copy == null ? Map.of() : Map.copyOf(copy);
    }
}
