package io.github.crossaccountmfa.input;

/**
 * Quotes input in messages without letting a hostile value take the message over: long values are shortened in
 * the middle, control characters are shown as {@code \\u} escapes, and a surrogate pair is never split.
 */
public final class Excerpt {
    /** Longest value quoted whole. */
    public static final int MAX_VALUE = 64;
    /** Longest path shown whole. */
    public static final int MAX_PATH = 120;

    private Excerpt() {
    }

    /** {@code "value"}, shortened when longer than {@link #MAX_VALUE} characters. */
    public static String quote(String value) {
        return "\"" + shorten(value, MAX_VALUE) + "\"";
    }

    /** A JSON path for a message, shortened when longer than {@link #MAX_PATH} characters. */
    public static String path(String path) {
        return shorten(path, MAX_PATH);
    }

    /** {@code text} with control characters escaped, cut in the middle to at most about {@code max} characters. */
    public static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return printable(text);
        }
        int head = cut(text, max * 2 / 3);
        int tail = text.length() - (max - head - 1);
        if (Character.isLowSurrogate(text.charAt(tail))) {
            tail++;
        }
        return printable(text.substring(0, head)) + "…" + printable(text.substring(tail))
                + " (" + text.length() + " characters)";
    }

    /** {@code text} cut to at most {@code max} characters, never between the two halves of a surrogate pair. */
    public static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, cut(text, max));
    }

    private static int cut(String text, int max) {
        return Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    }

    private static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format("\\u%04X", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
