package io.github.crossaccountmfa.report;

/** Escaping for text and double-quoted attribute values in HTML, and for JSON inside a {@code <script>} element. */
public final class Html {
    private Html() {
    }

    /** {@code & < > " '} as character references: safe in element content and in quoted attribute values. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement == null && Character.isISOControl(c) && c != '\n' && c != '\t') {
                replacement = "\uFFFD";
            }
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * JSON text made safe to embed in {@code <script type="application/json">}: {@code <}, {@code >} and
     * {@code &} can only occur inside JSON strings, where their {@code \}{@code uXXXX} escapes mean the same, so
     * neither {@code </script>} nor {@code <!--} can appear.
     */
    public static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }
}
