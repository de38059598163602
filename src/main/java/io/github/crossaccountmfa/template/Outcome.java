package io.github.crossaccountmfa.template;

import io.github.crossaccountmfa.rule.Evaluation;
import java.util.List;
import java.util.stream.Collectors;

/** What checking one declared role gave: a verdict, or the reason there is none. */
public sealed interface Outcome {

    /**
     * The role's trust policy was evaluated; where the template leaves values open, the verdict is the worst case
     * over the values they could take, and {@code assumptions} say what was assumed.
     */
    record Evaluated(Evaluation evaluation, List<Assumption> assumptions) implements Outcome {
        public Evaluated {
            assumptions = List.copyOf(assumptions);
        }

        public Evaluated(Evaluation evaluation) {
            this(evaluation, List.of());
        }

        /** {@code assuming Ref ExternalId = any value: the caller supplies it}, or {@code ""}. */
        public String assumptionClause() {
            return assumptions.isEmpty() ? ""
                    : "assuming " + assumptions.stream().map(Assumption::clause).collect(Collectors.joining("; "));
        }
    }

    /**
     * No verdict is possible before deployment: the whole trust policy, a statement or a condition block is known
     * only then, or the open values have too many combinations.
     */
    record Unresolved(String message) implements Outcome, PolicySource {
    }

    /** The trust policy is missing or is not one IAM would accept. */
    record Invalid(String message) implements Outcome, PolicySource {
    }
}
