package io.github.crossaccountmfa.invocation;

/**
 * What one invocation needs from AWS, each part created on first use (a change event never touches IAM, a dry run
 * never touches PutEvaluations).
 */
public interface RuleBackend {
    RoleSource roles();

    ConfigurationItemFetcher items();

    EvaluationHistory history();

    EvaluationSink sink();

    /**
     * Gives the backend for an invocation: the function's own credentials, or a role assumed in the event's account.
     * Its remote calls run {@code guard} first.
     */
    @FunctionalInterface
    interface Factory {
        RuleBackend forInvocation(RuleInvocation.Header header, CallGuard guard);
    }
}
