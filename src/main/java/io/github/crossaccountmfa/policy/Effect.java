package io.github.crossaccountmfa.policy;

import io.github.crossaccountmfa.input.Excerpt;

/** The {@code Effect} of a statement. IAM accepts exactly these two spellings. */
public enum Effect {
    ALLOW("Allow"),
    DENY("Deny");

    private final String text;

    Effect(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    static Effect parse(String value, String path) {
        for (Effect effect : values()) {
            if (effect.text.equals(value)) {
                return effect;
            }
        }
        throw new PolicyParseException(path, "expected \"Allow\" or \"Deny\", got " + Excerpt.quote(value));
    }
}
