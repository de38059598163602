package io.github.crossaccountmfa.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private final StringWriter written = new StringWriter();
    private final AtomicLong now = new AtomicLong();

    private ProgressLine progress(boolean terminal) {
        return new ProgressLine(new PrintWriter(written), terminal, now::get);
    }

    @Test
    void writesNothingAtAllWhenStderrIsNotATerminal() {
        ProgressLine progress = progress(false);
        for (int i = 1; i <= 5; i++) {
            now.addAndGet(ProgressLine.INTERVAL_NANOS);
            progress.update(i * 1000L, i * 990L, 0);
        }
        progress.finished();

        assertThat(written.toString()).isEmpty();
    }

    @Test
    void rewritesOneLineInPlaceOnATerminalAndErasesItAtTheEnd() {
        ProgressLine progress = progress(true);
        now.addAndGet(ProgressLine.INTERVAL_NANOS);
        progress.update(2000, 1980, 0);
        now.addAndGet(ProgressLine.INTERVAL_NANOS);
        progress.update(2500, 2500, 12);
        progress.finished();

        String text = written.toString();
        assertThat(text).doesNotContain("\n")
                .contains("\rListed 2000 roles, evaluated 1980...")
                .contains("\rListed 2500 roles, evaluated 2500, looked up tags of 12...")
                .endsWith("\r");
        String lastLine = "Listed 2500 roles, evaluated 2500, looked up tags of 12...";
        assertThat(text).endsWith("\r" + " ".repeat(lastLine.length()) + "\r");
    }

    @Test
    void printsAtMostOncePerIntervalAndNothingForAScanFasterThanThat() {
        ProgressLine progress = progress(true);
        for (int i = 1; i <= 1000; i++) {
            now.addAndGet(ProgressLine.INTERVAL_NANOS / 100);
            progress.update(i, i, 0);
        }
        progress.finished();
        assertThat(written.toString().chars().filter(c -> c == '\r').count()).isEqualTo(10 + 2);

        StringWriter quick = new StringWriter();
        ProgressLine fast = new ProgressLine(new PrintWriter(quick), true, () -> 0L);
        fast.update(1, 1, 0);
        fast.finished();
        assertThat(quick.toString()).isEmpty();
    }
}
