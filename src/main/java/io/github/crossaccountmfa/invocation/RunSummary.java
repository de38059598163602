package io.github.crossaccountmfa.invocation;

/**
 * What an invocation reported.
 *
 * @param messageType   the event's message type
 * @param compliant     COMPLIANT evaluations sent
 * @param nonCompliant  NON_COMPLIANT evaluations sent
 * @param notApplicable NOT_APPLICABLE evaluations sent (clean-up included)
 * @param rolesListed   roles returned by ListRoles (periodic sweeps)
 * @param cleanedUp     stale results turned NOT_APPLICABLE (periodic sweeps)
 * @param putCalls      PutEvaluations calls made
 * @param durationMillis wall time
 */
public record RunSummary(String messageType, int compliant, int nonCompliant, int notApplicable, long rolesListed,
                         int cleanedUp, int putCalls, long durationMillis) {

    public int total() {
        return compliant + nonCompliant + notApplicable;
    }
}
