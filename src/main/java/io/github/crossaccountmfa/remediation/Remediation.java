package io.github.crossaccountmfa.remediation;

import io.github.crossaccountmfa.rule.Evaluation;
import java.util.List;
import java.util.Optional;

/**
 * The result of remediating one trust policy.
 *
 * @param before   the verdict for the policy as it is
 * @param document the new policy (pretty JSON), when the policy needed a change
 * @param after    the verdict for the new policy (the same as {@code before} when nothing changed)
 * @param changes  what was changed, one sentence per change, in statement order; statement numbers are those of
 *                 the new policy
 */
public record Remediation(Evaluation before, Optional<String> document, Evaluation after, List<String> changes) {
    public Remediation {
        changes = List.copyOf(changes);
    }

    public boolean changed() {
        return document.isPresent();
    }
}
