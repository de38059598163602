package io.github.crossaccountmfa.rule;

import io.github.crossaccountmfa.input.Excerpt;
import java.util.List;

/** Builds AWS Config annotations: at most 256 characters, never empty, the most important items first. */
final class Annotations {
    private Annotations() {
    }

    /** {@code prefix item1; item2; +N more}, fitting as many items as the limit allows. */
    static String list(String prefix, List<String> items, String suffix) {
        StringBuilder out = new StringBuilder(prefix);
        int shown = 0;
        for (String item : items) {
            int remaining = items.size() - shown - 1;
            String more = remaining > 0 ? "; +" + remaining + " more" : "";
            String separator = shown == 0 ? "" : "; ";
            if (out.length() + separator.length() + item.length() + more.length() + suffix.length()
                    <= Evaluation.MAX_ANNOTATION) {
                out.append(separator).append(item);
                shown++;
            } else {
                if (shown == 0) {
                    String moreAfterFirst = items.size() > 1 ? "; +" + (items.size() - 1) + " more" : "";
                    int room = Evaluation.MAX_ANNOTATION - out.length() - moreAfterFirst.length() - suffix.length() - 1;
                    out.append(Excerpt.truncate(item, Math.max(0, room))).append('…');
                    shown = 1;
                }
                break;
            }
        }
        if (shown < items.size()) {
            out.append("; +").append(items.size() - shown).append(" more");
        }
        out.append(suffix);
        return truncate(out.toString());
    }

    /** At most 256 characters; a surrogate pair is never split (Config would store half a character). */
    static String truncate(String text) {
        String t = text.isBlank() ? "No details." : text;
        return t.length() <= Evaluation.MAX_ANNOTATION ? t : Excerpt.truncate(t, Evaluation.MAX_ANNOTATION - 1) + "…";
    }
}
