package io.github.crossaccountmfa.rule;

import java.util.Map;
import java.util.Set;

/**
 * How the engine obtains a condition key's value in an {@code sts:AssumeRole} request made by a third party.
 * Keys that describe the MFA state or the caller are fixed by the scenario and the candidate caller; every other
 * key is chosen by the caller ("free"), in whichever way suits them.
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
    ABSENT_FOR_AWS_CALLERS,
    RESOURCE_ACCOUNT,
    PRINCIPAL_ORG_ID,
    PRINCIPAL_ORG_PATHS,
    /** aws:CurrentTime / aws:EpochTime: the caller chooses when to call, but not in the past. */
    TIME,
    FREE;

    private static final Map<String, KeyKind> KNOWN = Map.ofEntries(
            Map.entry("aws:multifactorauthpresent", MFA_PRESENT),
            Map.entry("aws:multifactorauthage", MFA_AGE),
            Map.entry("aws:principalaccount", PRINCIPAL_ACCOUNT),
            Map.entry("aws:principalarn", PRINCIPAL_ARN),
            Map.entry("aws:principaltype", PRINCIPAL_TYPE),
            Map.entry("aws:username", USERNAME),
            Map.entry("aws:principalisawsservice", PRINCIPAL_IS_AWS_SERVICE),
            Map.entry("aws:principalservicename", ABSENT_FOR_AWS_CALLERS),
            Map.entry("aws:principalservicenameslist", ABSENT_FOR_AWS_CALLERS),
            Map.entry("aws:sourceaccount", ABSENT_FOR_AWS_CALLERS),
            Map.entry("aws:sourcearn", ABSENT_FOR_AWS_CALLERS),
            Map.entry("aws:sourceowner", ABSENT_FOR_AWS_CALLERS),
            Map.entry("aws:sourceorgid", ABSENT_FOR_AWS_CALLERS),
            Map.entry("aws:sourceorgpaths", ABSENT_FOR_AWS_CALLERS),
            Map.entry("aws:resourceaccount", RESOURCE_ACCOUNT),
            Map.entry("aws:principalorgid", PRINCIPAL_ORG_ID),
            Map.entry("aws:principalorgpaths", PRINCIPAL_ORG_PATHS),
            Map.entry("aws:currenttime", TIME),
            Map.entry("aws:epochtime", TIME));

    /** Keys that hold several values; set operators on any other key also make it multi-valued. */
    static final Set<String> MULTI_VALUED = Set.of("aws:tagkeys", "sts:transitivetagkeys", "aws:principalorgpaths",
            "aws:calledvia", "aws:principalservicenameslist", "aws:resourceorgpaths");

    /** Free keys every AssumeRole request carries, so the caller cannot leave them out. */
    static final Set<String> ALWAYS_PRESENT = Set.of("aws:currenttime", "aws:epochtime", "aws:securetransport",
            "aws:sourceip", "aws:requestedregion", "aws:useragent", "aws:viaawsservice");

    static KeyKind of(String normalizedKey) {
        return KNOWN.getOrDefault(normalizedKey, FREE);
    }
}
