package io.github.crossaccountmfa.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colours the verdict words of text output with ANSI escapes, line by line, as it is written: NON_COMPLIANT and
 * ERROR red, COMPLIANT green, NOT_APPLICABLE dim. Whatever the writers print is unchanged otherwise, so the plain
 * text stays the one wording and colour is only laid over it.
 */
final class VerdictColors extends Writer {
    static final String RED = "\u001b[31m";
    static final String GREEN = "\u001b[32m";
    static final String DIM = "\u001b[2m";
    static final String RESET = "\u001b[0m";
    private static final Pattern VERDICT = Pattern.compile("\\b(NON_COMPLIANT|NOT_APPLICABLE|COMPLIANT|ERROR)\\b");

    private final Writer out;
    private final StringBuilder line = new StringBuilder();

    VerdictColors(Writer out) {
        this.out = out;
    }

    static String paint(String text) {
        Matcher matcher = VERDICT.matcher(text);
        StringBuilder painted = new StringBuilder();
        while (matcher.find()) {
            String color = switch (matcher.group(1)) {
                case "COMPLIANT" -> GREEN;
                case "NOT_APPLICABLE" -> DIM;
                default -> RED;
            };
            matcher.appendReplacement(painted, Matcher.quoteReplacement(color + matcher.group(1) + RESET));
        }
        return matcher.appendTail(painted).toString();
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            line.append(buffer[i]);
            if (buffer[i] == '\n') {
                emit();
            }
        }
    }

    private void emit() throws IOException {
        out.write(paint(line.toString()));
        line.setLength(0);
    }

    @Override
    public void flush() throws IOException {
        if (!line.isEmpty()) {
            emit();
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
