package io.github.crossaccountmfa.invocation;

import java.time.Duration;

/**
 * Runs before every remote call of an invocation (each ListRoles and ListRoleTags page, each PutEvaluations attempt,
 * GetResourceConfigHistory, each GetComplianceDetailsByConfigRule page): where the Lambda deadline stops the work
 * while there is still time to report the failure, instead of the function being killed mid-call.
 */
@FunctionalInterface
public interface CallGuard {
    /** No deadline (the command line). */
    CallGuard NONE = (call, worstCase) -> { };

    /**
     * @param call      what is about to be called, e.g. {@code IAM ListRoles (page 2)}
     * @param worstCase the longest the call can take, retries included (timeouts × attempts)
     * @throws DeadlineException when the call might not finish before the deadline
     */
    void beforeCall(String call, Duration worstCase);
}
