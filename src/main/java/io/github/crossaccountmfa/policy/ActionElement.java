package io.github.crossaccountmfa.policy;

import java.util.List;
import java.util.Optional;

/** A statement's {@code Action} element, or its {@code NotAction} element when {@code negated}. */
public record ActionElement(boolean negated, List<String> patterns) {

    public ActionElement {
        patterns = List.copyOf(patterns);
    }

    /** Whether the statement covers {@code action}: case-insensitive, with {@code *} and {@code ?} wildcards. */
    public boolean covers(String action) {
        return matching(action).isPresent() != negated;
    }

    /** The first pattern that matches {@code action}. */
    public Optional<String> matching(String action) {
        for (String pattern : patterns) {
            if (Glob.matches(pattern, action, true)) {
                return Optional.of(pattern);
            }
        }
        return Optional.empty();
    }

    /** How the element grants {@code action}, for messages: the matching pattern or {@code NotAction [...]}. */
    public String describeGrant(String action) {
        if (negated) {
            return "NotAction " + (patterns.size() == 1 ? patterns.get(0) : String.join(",", patterns));
        }
        return matching(action).orElse(action);
    }
}
