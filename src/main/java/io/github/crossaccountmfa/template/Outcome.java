package io.github.crossaccountmfa.template;

import io.github.crossaccountmfa.rule.Evaluation;

/** What checking one declared role gave: a verdict, or the reason there is none. */
public sealed interface Outcome {

    /** The role's trust policy was evaluated. */
    record Evaluated(Evaluation evaluation) implements Outcome {
    }

    /**
     * The trust policy depends on a value known only at deployment (an import, another resource, a condition), in
     * a place where it decides the verdict: reported as such, never guessed.
     */
    record Unresolved(String message) implements Outcome, PolicySource {
    }

    /** The trust policy is missing or is not one IAM would accept. */
    record Invalid(String message) implements Outcome, PolicySource {
    }
}
