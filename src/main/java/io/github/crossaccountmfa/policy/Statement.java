package io.github.crossaccountmfa.policy;

import java.util.List;
import java.util.Optional;

/**
 * One statement of a trust policy.
 *
 * @param index      position in the document, 0-based ({@code Statement[index]})
 * @param sid        the {@code Sid}, when given
 */
public record Statement(int index, Optional<String> sid, Effect effect, PrincipalElement principal,
                        ActionElement action, List<Condition> conditions) {

    public Statement {
        conditions = List.copyOf(conditions);
    }

    /** How people refer to the statement: 1-based number, plus the Sid when there is one. */
    public String label() {
        return "statement " + (index + 1) + sid.filter(s -> !s.isBlank()).map(s -> " \"" + s + "\"").orElse("");
    }
}
