package io.github.crossaccountmfa.report;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A one-line progress indicator, rewritten in place with {@code \r} ("Listed 2000 roles, evaluated 1980..."),
 * at most every {@link #INTERVAL_NANOS}, and erased when the scan ends. Only for a terminal: when disabled it
 * writes nothing at all, so redirected stderr stays clean.
 */
public final class ProgressLine implements ScanProgress {
    static final long INTERVAL_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private long lastPrint;
    private boolean printed;
    private int width;

    public ProgressLine(PrintWriter err, boolean enabled, LongSupplier nanoTime) {
        this.err = err;
        this.enabled = enabled;
        this.nanoTime = nanoTime;
        this.lastPrint = nanoTime.getAsLong();
    }

    public ProgressLine(PrintWriter err, boolean enabled) {
        this(err, enabled, System::nanoTime);
    }

    @Override
    public void update(long listed, long evaluated, long tagLookups) {
        if (!enabled) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - lastPrint < INTERVAL_NANOS) {
            return;
        }
        lastPrint = now;
        String line = "Listed " + listed + (listed == 1 ? " role" : " roles") + ", evaluated " + evaluated
                + (tagLookups > 0 ? ", looked up tags of " + tagLookups : "") + "...";
        int pad = Math.max(0, width - line.length());
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
        width = line.length();
        printed = true;
    }

    @Override
    public void finished() {
        if (enabled && printed) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            printed = false;
        }
    }
}
