package io.github.crossaccountmfa.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code --quiet}, {@code --verbose} and {@code --color}, as a picocli mixin for every command. Quiet: results
 * (stdout) and errors only, no progress, notes or summaries. Verbose: progress and details on stderr as well.
 * Colour: the verdict words of text output, only on a terminal and never with {@code NO_COLOR} set, unless
 * {@code --color=always} says otherwise (as no-color.org asks of a command-line option).
 */
final class OutputOptions {
    /** When to colour. */
    enum ColorMode { auto, always, never }

    @Option(names = {"-q", "--quiet"},
            description = "Print only results and errors: no progress, notes or summaries.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"},
            description = "Also print progress and details on stderr (the AWS profile, region and partition used, "
                    + "what was read, totals).")
    boolean verbose;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the verdicts of text output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: "
                    + "only when stdout is a terminal and NO_COLOR is not set).")
    ColorMode color = ColorMode.auto;

    /** @throws IllegalArgumentException when both --quiet and --verbose are given */
    OutputOptions check() {
        if (quiet && verbose) {
            throw new IllegalArgumentException("--quiet and --verbose exclude each other");
        }
        return this;
    }

    /** A note, summary or progress message: shown unless --quiet. */
    void note(PrintWriter err, String message) {
        if (!quiet) {
            err.println(message);
            err.flush();
        }
    }

    /** A detail: shown with --verbose only. */
    void detail(PrintWriter err, String message) {
        if (verbose) {
            err.println(message);
            err.flush();
        }
    }

    /** Whether a progress line may be drawn on stderr. */
    boolean progress(boolean stderrIsTerminal) {
        return !quiet && stderrIsTerminal;
    }

    /** Whether text written to stdout is coloured. */
    boolean colors(Terminal terminal) {
        return switch (color) {
            case always -> true;
            case never -> false;
            case auto -> terminal.stdout() && terminal.noColor().isEmpty();
        };
    }

    /** Stdout for text output: coloured when {@link #colors} says so, else {@code out} itself. */
    PrintWriter text(PrintWriter out) {
        return colors(Terminal.current()) ? new PrintWriter(new VerdictColors(out), true) : out;
    }
}
