package io.github.crossaccountmfa.rule;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the project knows about the condition keys of an {@code sts:AssumeRole} request, one entry per key:
 * what the key describes (how the engine obtains its value), when the request carries it, whether it holds several
 * values, the format of its values, and whether the caller chooses it. Keys not listed are the caller's to choose
 * ({@link KeyKind#FREE}, may be absent, any value).
 */
public enum ConditionKey {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
    MULTI_FACTOR_AUTH_PRESENT("aws:MultiFactorAuthPresent", KeyKind.MFA_PRESENT, Presence.MFA_STATE, Format.BOOL, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthage
    MULTI_FACTOR_AUTH_AGE("aws:MultiFactorAuthAge", KeyKind.MFA_AGE, Presence.MFA_STATE, Format.NUMBER, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount
    PRINCIPAL_ACCOUNT("aws:PrincipalAccount", KeyKind.PRINCIPAL_ACCOUNT, Presence.ALWAYS, Format.ACCOUNT_ID, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
    // (a role session's value is the role's ARN with its path)
    PRINCIPAL_ARN("aws:PrincipalArn", KeyKind.PRINCIPAL_ARN, Presence.ALWAYS, Format.ARN, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype
    PRINCIPAL_TYPE("aws:PrincipalType", KeyKind.PRINCIPAL_TYPE, Presence.ALWAYS, Format.STRING, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-username
    // (present for IAM users only; the name is chosen in the caller's own account)
    USERNAME("aws:username", KeyKind.USERNAME, Presence.USERS_ONLY, Format.STRING, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-userid
    // (an unpredictable unique id plus, for a role session, the session name the caller picks)
    USER_ID("aws:userid", KeyKind.FREE, Presence.ALWAYS, Format.STRING, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice
    PRINCIPAL_IS_AWS_SERVICE("aws:PrincipalIsAWSService", KeyKind.PRINCIPAL_IS_AWS_SERVICE, Presence.ALWAYS, Format.BOOL, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalservicename
    PRINCIPAL_SERVICE_NAME("aws:PrincipalServiceName", KeyKind.SERVICE_CONTEXT, Presence.SERVICE_CALLS_ONLY, Format.STRING, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalservicenameslist
    PRINCIPAL_SERVICE_NAMES_LIST("aws:PrincipalServiceNamesList", KeyKind.SERVICE_CONTEXT, Presence.SERVICE_CALLS_ONLY, Format.STRING, true, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount
    SOURCE_ACCOUNT("aws:SourceAccount", KeyKind.SERVICE_CONTEXT, Presence.SERVICE_CALLS_ONLY, Format.ACCOUNT_ID, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcearn
    SOURCE_ARN("aws:SourceArn", KeyKind.SERVICE_CONTEXT, Presence.SERVICE_CALLS_ONLY, Format.ARN, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceowner
    SOURCE_OWNER("aws:SourceOwner", KeyKind.SERVICE_CONTEXT, Presence.SERVICE_CALLS_ONLY, Format.ACCOUNT_ID, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgid
    SOURCE_ORG_ID("aws:SourceOrgID", KeyKind.SERVICE_CONTEXT, Presence.SERVICE_CALLS_ONLY, Format.ORG_ID, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgpaths
    SOURCE_ORG_PATHS("aws:SourceOrgPaths", KeyKind.SERVICE_CONTEXT, Presence.SERVICE_CALLS_ONLY, Format.ORG_PATH, true, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
    RESOURCE_ACCOUNT("aws:ResourceAccount", KeyKind.RESOURCE_ACCOUNT, Presence.ALWAYS, Format.ACCOUNT_ID, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid
    // (the role's organization, which the engine does not know: left to the search)
    RESOURCE_ORG_ID("aws:ResourceOrgID", KeyKind.FREE, Presence.OPTIONAL, Format.ORG_ID, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgpaths
    RESOURCE_ORG_PATHS("aws:ResourceOrgPaths", KeyKind.FREE, Presence.OPTIONAL, Format.ORG_PATH, true, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
    PRINCIPAL_ORG_ID("aws:PrincipalOrgID", KeyKind.PRINCIPAL_ORG_ID, Presence.ORGANIZATION_MEMBERS, Format.ORG_ID, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths
    // (one path, beginning with the caller's own organization id)
    PRINCIPAL_ORG_PATHS("aws:PrincipalOrgPaths", KeyKind.PRINCIPAL_ORG_PATHS, Presence.ORGANIZATION_MEMBERS, Format.ORG_PATH, true, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-currenttime
    CURRENT_TIME("aws:CurrentTime", KeyKind.TIME, Presence.ALWAYS, Format.DATE, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-epochtime
    EPOCH_TIME("aws:EpochTime", KeyKind.TIME, Presence.ALWAYS, Format.EPOCH_SECONDS, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport
    SECURE_TRANSPORT("aws:SecureTransport", KeyKind.FREE, Presence.ALWAYS, Format.BOOL, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
    REQUESTED_REGION("aws:RequestedRegion", KeyKind.FREE, Presence.ALWAYS, Format.STRING, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-useragent
    USER_AGENT("aws:UserAgent", KeyKind.FREE, Presence.ALWAYS, Format.STRING, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-viaawsservice
    VIA_AWS_SERVICE("aws:ViaAWSService", KeyKind.FREE, Presence.ALWAYS, Format.BOOL, false, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-calledvia
    CALLED_VIA("aws:CalledVia", KeyKind.FREE, Presence.OPTIONAL, Format.STRING, true, false),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
    // (absent when the caller comes through a VPC endpoint)
    SOURCE_IP("aws:SourceIp", KeyKind.REQUEST_PATH, Presence.PUBLIC_ENDPOINT, Format.IP, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpc
    SOURCE_VPC("aws:SourceVpc", KeyKind.REQUEST_PATH, Presence.VPC_ENDPOINT, Format.STRING, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpce
    SOURCE_VPCE("aws:SourceVpce", KeyKind.REQUEST_PATH, Presence.VPC_ENDPOINT, Format.STRING, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-vpcsourceip
    VPC_SOURCE_IP("aws:VpcSourceIp", KeyKind.REQUEST_PATH, Presence.VPC_ENDPOINT, Format.IP, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-tagkeys
    TAG_KEYS("aws:TagKeys", KeyKind.FREE, Presence.OPTIONAL, Format.STRING, true, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requesttag
    // (a prefix: aws:RequestTag/KEY, the session tags the caller passes)
    REQUEST_TAG("aws:RequestTag/", KeyKind.FREE, Presence.OPTIONAL, Format.STRING, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag
    // (a prefix: aws:PrincipalTag/KEY, tags the caller sets on its own principal)
    PRINCIPAL_TAG("aws:PrincipalTag/", KeyKind.FREE, Presence.OPTIONAL, Format.STRING, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_externalid
    EXTERNAL_ID("sts:ExternalId", KeyKind.FREE, Presence.OPTIONAL, Format.EXTERNAL_ID, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_rolesessionname
    ROLE_SESSION_NAME("sts:RoleSessionName", KeyKind.FREE, Presence.ALWAYS, Format.STRING, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_sourceidentity
    SOURCE_IDENTITY("sts:SourceIdentity", KeyKind.FREE, Presence.OPTIONAL, Format.STRING, false, true),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_transitivetagkeys
    TRANSITIVE_TAG_KEYS("sts:TransitiveTagKeys", KeyKind.FREE, Presence.OPTIONAL, Format.STRING, true, true);

    /** When an {@code sts:AssumeRole} request by a third party carries the key. */
    public enum Presence {
        /** Every request. */
        ALWAYS,
        /** The caller may include it or leave it out. */
        OPTIONAL,
        /** Fixed by the request's MFA state ({@link Scenario}). */
        MFA_STATE,
        /** Requests by IAM users (not role sessions). */
        USERS_ONLY,
        /** Only when an AWS service calls on behalf of a resource: never in a third party's own request. */
        SERVICE_CALLS_ONLY,
        /** Only when the caller's account belongs to an organization. */
        ORGANIZATION_MEMBERS,
        /** Only when the request reaches STS over the internet, not through a VPC endpoint. */
        PUBLIC_ENDPOINT,
        /** Only when the request reaches STS through a VPC endpoint. */
        VPC_ENDPOINT
    }

    /** The format of the key's values. */
    public enum Format {
        STRING(null),
        BOOL(Pattern.compile("(?i)true|false")),
        NUMBER(null),
        DATE(null),
        EPOCH_SECONDS(null),
        IP(null),
        /** https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html */
        ACCOUNT_ID(Pattern.compile("\\d{12}")),
        ARN(null),
        /** https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html */
        ORG_ID(Pattern.compile("o-[a-z0-9]{10,32}")),
        /** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths */
        ORG_PATH(Pattern.compile("o-[a-z0-9]{10,32}/r-[0-9a-z]{4,32}/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}/)*")),
        EXTERNAL_ID(null);

        private final Pattern shape;

        Format(Pattern shape) {
            this.shape = shape;
        }

        /** Whether a request value can have this text (formats without a fixed shape accept every text). */
        public boolean admits(String value) {
            return switch (this) {
                case IP -> ConditionEvaluator.ip(value).isPresent();
                default -> shape == null || shape.matcher(value).matches();
            };
        }
    }

    private static final Map<String, ConditionKey> BY_NAME = new HashMap<>();

    static {
        for (ConditionKey key : values()) {
            BY_NAME.put(key.normalized, key);
        }
    }

    private final String text;
    private final String normalized;
    private final KeyKind kind;
    private final Presence presence;
    private final Format format;
    private final boolean multiValued;
    private final boolean callerChosen;

    ConditionKey(String text, KeyKind kind, Presence presence, Format format, boolean multiValued,
                 boolean callerChosen) {
        this.text = text;
        this.normalized = text.toLowerCase(Locale.ROOT);
        this.kind = kind;
        this.presence = presence;
        this.format = format;
        this.multiValued = multiValued;
        this.callerChosen = callerChosen;
    }

    /** The key's entry, for a key as written in a policy (any case); prefix keys match {@code prefix/anything}. */
    public static Optional<ConditionKey> of(String key) {
        String normalized = key.toLowerCase(Locale.ROOT);
        ConditionKey exact = BY_NAME.get(normalized);
        if (exact != null) {
            return Optional.of(exact);
        }
        int slash = normalized.indexOf('/');
        return slash < 0 ? Optional.empty() : Optional.ofNullable(BY_NAME.get(normalized.substring(0, slash + 1)));
    }

    /** The key as IAM spells it (a prefix key ends with {@code /}). */
    public String text() {
        return text;
    }

    /** The lower-case form conditions are compared by ({@link io.github.crossaccountmfa.policy.Condition#normalizedKey}). */
    public String normalized() {
        return normalized;
    }

    /** Whether {@code normalizedKey} is this key. */
    public boolean is(String normalizedKey) {
        return normalized.equals(normalizedKey);
    }

    public Presence presence() {
        return presence;
    }

    public Format format() {
        return format;
    }

    public boolean multiValued() {
        return multiValued;
    }

    /** Whether the caller chooses the value (in its request, its network path, its own account's names). */
    public boolean callerChosen() {
        return callerChosen;
    }

    KeyKind kind() {
        return kind;
    }

    /** How the engine obtains a key's value; {@link KeyKind#FREE} for keys the catalogue does not list. */
    static KeyKind kindOf(String normalizedKey) {
        return of(normalizedKey).map(ConditionKey::kind).orElse(KeyKind.FREE);
    }

    /** When a request carries the key; {@link Presence#OPTIONAL} for keys the catalogue does not list. */
    static Presence presenceOf(String normalizedKey) {
        return of(normalizedKey).map(ConditionKey::presence).orElse(Presence.OPTIONAL);
    }

    static Format formatOf(String normalizedKey) {
        return of(normalizedKey).map(ConditionKey::format).orElse(Format.STRING);
    }

    static boolean multiValued(String normalizedKey) {
        return of(normalizedKey).map(ConditionKey::multiValued).orElse(false);
    }
}
