package io.github.crossaccountmfa.rule;

/**
 * How the engine obtains a condition key's value in an {@code sts:AssumeRole} request made by a third party
 * (each key's kind is listed in {@link ConditionKey}). Keys that describe the MFA state or the caller are fixed by
 * the scenario and the candidate caller; every other key is chosen by the caller, in whichever way suits them.
 */
enum KeyKind {
    MFA_PRESENT,
    MFA_AGE,
    PRINCIPAL_ACCOUNT,
    PRINCIPAL_ARN,
    PRINCIPAL_TYPE,
    USERNAME,
    /** Always "false" for an IAM user or role session. */
    PRINCIPAL_IS_AWS_SERVICE,
    /** Set only when an AWS service calls on behalf of a resource: absent for a third party's own request. */
    SERVICE_CONTEXT,
    RESOURCE_ACCOUNT,
    /** The caller's organization: chosen by the caller together with its org paths ({@link KeyCatalog}). */
    PRINCIPAL_ORG_ID,
    PRINCIPAL_ORG_PATHS,
    /** aws:CurrentTime / aws:EpochTime: the caller chooses when to call, but not in the past. */
    TIME,
    /** The caller's network path: over the internet (aws:SourceIp) or through a VPC endpoint (the Vpc keys). */
    REQUEST_PATH,
    FREE;

    static KeyKind of(String normalizedKey) {
        return ConditionKey.kindOf(normalizedKey);
    }
}
