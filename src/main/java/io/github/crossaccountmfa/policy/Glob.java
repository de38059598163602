package io.github.crossaccountmfa.policy;

/**
 * IAM wildcard matching: {@code *} matches any run of characters (also none), {@code ?} exactly one.
 * Iterative with single-star backtracking, so it is linear for the patterns IAM allows.
 */
public final class Glob {
    private Glob() {
    }

    public static boolean matches(String pattern, String text, boolean ignoreCase) {
        if (!ignoreCase && pattern.indexOf('?') < 0) {
            return starsOnly(pattern, text);
        }
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = p++;
                starT = t;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || same(pattern.charAt(p), text.charAt(t), ignoreCase))) {
                p++;
                t++;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /**
     * A pattern whose only wildcard is {@code *}: its first piece must start the text, its last end it, and the
     * pieces between occur in order; taking each at its leftmost occurrence is always right, and {@code indexOf}
     * makes it fast (the engine compares caller ARNs with many such patterns).
     */
    private static boolean starsOnly(String pattern, String text) {
        int first = pattern.indexOf('*');
        if (first < 0) {
            return pattern.equals(text);
        }
        int last = pattern.lastIndexOf('*');
        int suffix = pattern.length() - last - 1;
        if (text.length() < first + suffix || !text.regionMatches(0, pattern, 0, first)
                || !text.regionMatches(text.length() - suffix, pattern, last + 1, suffix)) {
            return false;
        }
        int at = first;
        int end = text.length() - suffix;
        int piece = first + 1;
        while (piece < last) {
            int next = pattern.indexOf('*', piece);
            if (next > piece) {
                int found = text.indexOf(pattern.substring(piece, next), at);
                if (found < 0 || found + next - piece > end) {
                    return false;
                }
                at = found + next - piece;
            }
            piece = next + 1;
        }
        return true;
    }

    public static boolean hasWildcard(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b || ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b);
    }
}
