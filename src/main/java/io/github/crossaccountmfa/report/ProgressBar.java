package io.github.crossaccountmfa.report;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The organization audit's progress on a terminal, one line rewritten in place with {@code \r}:
 * {@code [########............] 12/50 accounts, 2,400 roles, 1 failed}, at most every
 * {@link ProgressLine#INTERVAL_NANOS} and always when an account completes, erased at the end. When disabled
 * (stderr is not a terminal) it writes nothing. Thread-safe: roles are counted from the worker threads.
 */
public final class ProgressBar implements AuditProgress {
    static final int WIDTH = 20;

    private final PrintWriter err;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private long lastPrint;
    private int total;
    private int done;
    private int failed;
    private long roles;
    private int width;
    private boolean printed;
    private boolean paused;

    public ProgressBar(PrintWriter err, boolean enabled, LongSupplier nanoTime) {
        this.err = err;
        this.enabled = enabled;
        this.nanoTime = nanoTime;
        this.lastPrint = nanoTime.getAsLong();
    }

    public ProgressBar(PrintWriter err, boolean enabled) {
        this(err, enabled, System::nanoTime);
    }

    @Override
    public synchronized void started(int accounts) {
        total = accounts;
        print(true);
    }

    @Override
    public synchronized void rolesListed(long count) {
        roles += count;
        print(false);
    }

    @Override
    public synchronized void accountDone(boolean audited) {
        done++;
        failed += audited ? 0 : 1;
        print(true);
    }

    @Override
    public synchronized void finished() {
        erase();
        paused = true;
    }

    private void erase() {
        if (enabled && printed) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            printed = false;
        }
    }

    /** Erases the line and keeps it off while the report is written to the same terminal. */
    public synchronized void pause() {
        erase();
        paused = true;
    }

    /** Shows the line again after {@link #pause}. */
    public synchronized void resume() {
        paused = false;
        print(true);
    }

    /** The line as it is now. */
    synchronized String line() {
        int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total
                + (total == 1 ? " account, " : " accounts, ") + String.format(Locale.ROOT, "%,d", roles)
                + (roles == 1 ? " role" : " roles") + (failed > 0 ? ", " + failed + " failed" : "");
    }

    private void print(boolean always) {
        if (!enabled || paused) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (!always && now - lastPrint < ProgressLine.INTERVAL_NANOS) {
            return;
        }
        lastPrint = now;
        String line = line();
        err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        err.flush();
        width = line.length();
        printed = true;
    }
}
