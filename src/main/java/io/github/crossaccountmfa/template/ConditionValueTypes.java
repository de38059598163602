package io.github.crossaccountmfa.template;

import java.util.Locale;
import java.util.Map;

/**
 * What kind of value a trust policy compares a condition key with, so that a value the template leaves open can be
 * given the values it could take. This is about the policy's side of the comparison; how the engine obtains the
 * request's side is the engine's business ({@code rule.KeyKind}).
 */
final class ConditionValueTypes {

    /** The kinds of value. */
    enum ValueType {
        /** A 12-digit account id. */
        ACCOUNT,
        /** An IAM principal ARN. */
        ARN,
        /** An organization id {@code o-…}. */
        ORGANIZATION,
        /** An organization path {@code o-…/r-…/ou-…/}. */
        ORGANIZATION_PATH,
        /** The secret a third party presents. */
        EXTERNAL_ID,
        /** A value the caller puts in its own request. */
        CALLER_SUPPLIED,
        /** Anything else. */
        OTHER
    }

    // Global condition context keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
    // STS keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
    private static final Map<String, ValueType> KEYS = Map.ofEntries(
            // aws:PrincipalAccount: the account of the calling principal
            Map.entry("aws:principalaccount", ValueType.ACCOUNT),
            // aws:SourceAccount: the account of the resource on whose behalf a service calls
            Map.entry("aws:sourceaccount", ValueType.ACCOUNT),
            // aws:ResourceAccount: the account that owns the role
            Map.entry("aws:resourceaccount", ValueType.ACCOUNT),
            // aws:PrincipalArn: the ARN of the calling principal (a role session's role ARN)
            Map.entry("aws:principalarn", ValueType.ARN),
            // aws:SourceArn: the ARN of the resource on whose behalf a service calls
            Map.entry("aws:sourcearn", ValueType.ARN),
            // aws:PrincipalOrgID: the organization of the calling principal's account
            Map.entry("aws:principalorgid", ValueType.ORGANIZATION),
            // aws:SourceOrgID: the organization of the resource on whose behalf a service calls
            Map.entry("aws:sourceorgid", ValueType.ORGANIZATION),
            // aws:ResourceOrgID: the organization of the role's account
            Map.entry("aws:resourceorgid", ValueType.ORGANIZATION),
            // aws:PrincipalOrgPaths: the caller's account's path in its organization
            Map.entry("aws:principalorgpaths", ValueType.ORGANIZATION_PATH),
            // aws:SourceOrgPaths: the path of the resource's account, for service calls
            Map.entry("aws:sourceorgpaths", ValueType.ORGANIZATION_PATH),
            // aws:ResourceOrgPaths: the path of the role's account
            Map.entry("aws:resourceorgpaths", ValueType.ORGANIZATION_PATH),
            // sts:ExternalId: the value the caller passes with AssumeRole --external-id
            Map.entry("sts:externalid", ValueType.EXTERNAL_ID),
            // sts:RoleSessionName: the session name the caller chooses
            Map.entry("sts:rolesessionname", ValueType.CALLER_SUPPLIED),
            // sts:SourceIdentity: the source identity the caller sets
            Map.entry("sts:sourceidentity", ValueType.CALLER_SUPPLIED),
            // sts:TransitiveTagKeys: the session tags the caller marks transitive
            Map.entry("sts:transitivetagkeys", ValueType.CALLER_SUPPLIED),
            // aws:TagKeys: the keys of the session tags the caller passes
            Map.entry("aws:tagkeys", ValueType.CALLER_SUPPLIED),
            // aws:SourceIp: the caller's address
            Map.entry("aws:sourceip", ValueType.CALLER_SUPPLIED),
            // aws:SourceVpc, aws:SourceVpce, aws:VpcSourceIp: the caller's network path
            Map.entry("aws:sourcevpc", ValueType.CALLER_SUPPLIED),
            Map.entry("aws:sourcevpce", ValueType.CALLER_SUPPLIED),
            Map.entry("aws:vpcsourceip", ValueType.CALLER_SUPPLIED),
            // aws:RequestedRegion: the STS endpoint the caller uses
            Map.entry("aws:requestedregion", ValueType.CALLER_SUPPLIED),
            // aws:UserAgent: the caller's client
            Map.entry("aws:useragent", ValueType.CALLER_SUPPLIED),
            // aws:SecureTransport: whether the caller uses TLS
            Map.entry("aws:securetransport", ValueType.CALLER_SUPPLIED),
            // aws:CurrentTime, aws:EpochTime: when the caller calls
            Map.entry("aws:currenttime", ValueType.CALLER_SUPPLIED),
            Map.entry("aws:epochtime", ValueType.CALLER_SUPPLIED),
            // aws:username: the name of the calling user, chosen in the caller's account
            Map.entry("aws:username", ValueType.CALLER_SUPPLIED));

    private ConditionValueTypes() {
    }

    static ValueType of(String key) {
        String normalized = key.toLowerCase(Locale.ROOT);
        ValueType type = KEYS.get(normalized);
        if (type != null) {
            return type;
        }
        // aws:RequestTag/… (session tags passed with AssumeRole), aws:PrincipalTag/… (tags of the caller's own
        // principal, set in the caller's account)
        return normalized.startsWith("aws:requesttag/") || normalized.startsWith("aws:principaltag/")
                ? ValueType.CALLER_SUPPLIED : ValueType.OTHER;
    }
}
