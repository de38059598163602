package io.github.crossaccountmfa.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final StringWriter written = new StringWriter();
    private final AtomicLong now = new AtomicLong();

    private ProgressBar bar(boolean terminal) {
        return new ProgressBar(new PrintWriter(written), terminal, now::get);
    }

    @Test
    void showsAccountsDoneOfTotalRolesSeenAndFailures() {
        ProgressBar bar = bar(true);
        bar.started(4);
        assertThat(bar.line()).isEqualTo("[....................] 0/4 accounts, 0 roles");

        bar.rolesListed(1200);
        bar.accountDone(true);
        bar.accountDone(false);

        assertThat(bar.line()).isEqualTo("[##########..........] 2/4 accounts, 1,200 roles, 1 failed");
        bar.accountDone(true);
        bar.accountDone(true);
        assertThat(bar.line()).isEqualTo("[####################] 4/4 accounts, 1,200 roles, 1 failed");
    }

    @Test
    void redrawsWhenAnAccountCompletesAndForRolesAtMostOncePerIntervalThenErasesTheLine() {
        ProgressBar bar = bar(true);
        bar.started(2);
        for (int i = 0; i < 100; i++) {
            bar.rolesListed(1);
        }
        long drawnBeforeTheInterval = written.toString().chars().filter(c -> c == '\r').count();
        now.addAndGet(ProgressLine.INTERVAL_NANOS);
        bar.rolesListed(1);
        bar.accountDone(true);
        bar.finished();

        assertThat(drawnBeforeTheInterval).as("only the start").isEqualTo(1);
        String text = written.toString();
        assertThat(text).doesNotContain("\n").contains("\r[....................] 0/2 accounts, 101 roles")
                .contains("\r[##########..........] 1/2 accounts, 101 roles");
        String last = "[##########..........] 1/2 accounts, 101 roles";
        assertThat(text).endsWith("\r" + " ".repeat(last.length()) + "\r");
    }

    @Test
    void staysOffTheTerminalWhileTheReportIsWrittenThere() {
        ProgressBar bar = bar(true);
        bar.started(3);
        bar.pause();
        String paused = written.toString();
        now.addAndGet(ProgressLine.INTERVAL_NANOS * 5);
        bar.rolesListed(10);
        bar.accountDone(true);

        assertThat(written.toString()).isEqualTo(paused).endsWith("\r");
        bar.resume();
        assertThat(written.toString()).endsWith("1/3 accounts, 10 roles");
    }

    @Test
    void writesNothingWhenStderrIsNotATerminal() {
        ProgressBar bar = bar(false);
        bar.started(2);
        bar.rolesListed(5);
        bar.accountDone(false);
        bar.pause();
        bar.resume();
        bar.finished();

        assertThat(written.toString()).isEmpty();
    }
}
