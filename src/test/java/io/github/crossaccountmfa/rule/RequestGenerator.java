package io.github.crossaccountmfa.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded generator of (trust policy, concrete {@code sts:AssumeRole} request) pairs for the differential test
 * against an independent simulator and the completeness property. Policies and requests draw from the same small
 * pools (accounts, users and roles with their paths, organizations, addresses, external ids, tags), so the request
 * often sits on a boundary of the policy: the named account or one next to it, the organization or another, MFA
 * present, absent or false, the source address inside or outside a block, or no address at all (a VPC endpoint).
 *
 * <p>Policies: one to four statements, Allow and Deny, {@code Principal} ({@code "*"}, accounts, users, roles,
 * sessions, services, deleted ids; string or list) or {@code NotPrincipal}, {@code Action} or {@code NotAction} in
 * case variants and with wildcards, and zero to three condition operators of one or two keys each: MFA keys, keys
 * that describe the caller ({@code aws:PrincipalArn} by {@code Arn*} and {@code String*} patterns of any shape,
 * {@code aws:PrincipalAccount}, {@code aws:PrincipalType}, {@code aws:username}), organization id and paths,
 * {@code ForAnyValue:} / {@code ForAllValues:}, {@code Null}, {@code …IfExists}, request-path keys
 * ({@code aws:SourceIp}, {@code aws:SourceVpce}, …), {@code sts:ExternalId}, tags, time and transport; values as
 * JSON strings, booleans, numbers or lists; condition keys in case variants.
 *
 * <p>Requests are ones AWS can make: an IAM user or a role session (whose {@code aws:PrincipalArn} is its role's
 * ARN with the path), one organization at most with paths that begin with its id, {@code aws:SourceIp} or the VPC
 * endpoint keys but not both, the MFA age only with MFA, and the keys every request carries.
 */
final class RequestGenerator {
    static final String ROLE_ACCOUNT = "111111111111";
    static final String ROLE_ARN = "arn:aws:iam::" + ROLE_ACCOUNT + ":role/target";
    static final List<String> ACCOUNTS = List.of(ROLE_ACCOUNT, "222222222222", "333333333333", "444444444444",
            "999999999999");
    /** User and role names with their path: IAM names are unique in an account, so each name has one path. */
    static final List<String> USERS = List.of("alice", "ops/bob", "ci-user");
    static final List<String> ROLES = List.of("deploy", "ci-build", "team/github-actions-main", "partner");
    static final List<String> SESSIONS = List.of("session-1", "ci-build", "bob");
    static final List<String> ORGS = List.of("o-aaaaaaaaaa", "o-bbbbbbbbbb");
    /** Whether a key holds a set of values (IAM's ArrayOf… types), as the condition-key catalogue says. */
    static boolean multivalued(String key) {
        return ConditionKey.of(key).map(ConditionKey::multiValued).orElse(false);
    }
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One generated case. */
    record Case(String policy, Request request) {
    }

    /** Which accounts and organizations the caller may come from. */
    record Scope(List<String> callerAccounts, List<String> callerOrgs) {
        static final Scope ANY = new Scope(ACCOUNTS, ORGS);
    }

    private final SplittableRandom random;
    private final Scope scope;

    RequestGenerator(long seed) {
        this(seed, Scope.ANY);
    }

    RequestGenerator(long seed, Scope scope) {
        this.random = new SplittableRandom(seed);
        this.scope = scope;
    }

    Case next() {
        return new Case(policy().toString(), request());
    }

    // ---- policies -------------------------------------------------------------------------------------------

    ObjectNode policy() {
        ObjectNode policy = NODES.objectNode();
        policy.put("Version", pick("2012-10-17", "2012-10-17", "2008-10-17"));
        int count = 1 + random.nextInt(4);
        if (count == 1 && random.nextBoolean()) {
            policy.set("Statement", statement());
        } else {
            ArrayNode statements = policy.putArray("Statement");
            for (int i = 0; i < count; i++) {
                statements.add(statement());
            }
        }
        return policy;
    }

    private ObjectNode statement() {
        ObjectNode statement = NODES.objectNode();
        statement.put("Effect", random.nextInt(10) < 6 ? "Allow" : "Deny");
        statement.set(random.nextInt(10) == 0 ? "NotPrincipal" : "Principal", principal());
        if (random.nextInt(8) == 0) {
            statement.set("NotAction", oneOrList(() -> pick("sts:TagSession", "sts:AssumeRole", "sts:Assume*",
                    "sts:SetSourceIdentity", "s3:*")));
        } else {
            statement.set("Action", oneOrList(() -> pick("sts:AssumeRole", "sts:AssumeRole", "sts:assumerole",
                    "STS:AssumeRole", "sts:*", "*", "sts:Assume*", "sts:Assume?ole", "sts:TagSession",
                    "sts:AssumeRoleWithSAML", "sts:SetSourceIdentity")));
        }
        int operators = random.nextInt(10) < 2 ? 0 : 1 + random.nextInt(3);
        ObjectNode condition = NODES.objectNode();
        for (int i = 0; i < operators; i++) {
            Entry entry = entry();
            String operator = entry.operator();
            ObjectNode keys = condition.has(operator) ? (ObjectNode) condition.get(operator)
                    : condition.putObject(operator);
            keys.set(caseVariant(entry.key()), entry.value());
        }
        if (!condition.isEmpty()) {
            statement.set("Condition", condition);
        }
        return statement;
    }

    private JsonNode principal() {
        if (random.nextInt(12) == 0) {
            return NODES.textNode("*");
        }
        ObjectNode principal = NODES.objectNode();
        if (random.nextInt(10) < 9) {
            principal.set("AWS", oneOrList(this::awsPrincipal));
        }
        if (random.nextInt(10) == 0 || principal.isEmpty()) {
            principal.set("Service", oneOrList(() -> pick("ec2.amazonaws.com", "lambda.amazonaws.com")));
        }
        return principal;
    }

    private String awsPrincipal() {
        String account = account();
        return switch (random.nextInt(9)) {
            case 0 -> "*";
            case 1 -> account;
            case 2, 3 -> "arn:aws:iam::" + account + ":root";
            case 4 -> "arn:aws:iam::" + account + ":user/" + pick(USERS);
            case 5, 6 -> "arn:aws:iam::" + account + ":role/" + pick(ROLES);
            case 7 -> "arn:aws:sts::" + account + ":assumed-role/" + name(pick(ROLES)) + "/" + pick(SESSIONS);
            default -> "AROAEXAMPLEDELETED0001";
        };
    }

    /** One operator, key and value; the operator may repeat in a statement (its keys are merged). */
    private record Entry(String operator, String key, JsonNode value) {
    }

    private Entry entry() {
        return switch (random.nextInt(9)) {
            case 0, 1 -> mfaEntry();
            case 2, 3 -> callerEntry();
            case 4 -> orgEntry();
            case 5 -> networkEntry();
            case 6 -> externalIdEntry();
            case 7 -> tagEntry();
            default -> otherEntry();
        };
    }

    private Entry mfaEntry() {
        return switch (random.nextInt(12)) {
            case 0, 1 -> new Entry(pick("Bool", "BoolIfExists"), "aws:MultiFactorAuthPresent",
                    bool(random.nextInt(3) > 0));
            case 2 -> new Entry("Null", pick("aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge"),
                    bool(random.nextBoolean()));
            case 3 -> new Entry(pick("ForAllValues:Bool", "ForAnyValue:Bool"), "aws:MultiFactorAuthPresent",
                    bool(true));
            case 4, 5 -> new Entry(pick("NumericLessThan", "NumericLessThanIfExists", "NumericLessThanEquals"),
                    "aws:MultiFactorAuthAge", number(pick("3600", "900", "0")));
            case 6 -> new Entry(pick("NumericGreaterThan", "NumericGreaterThanIfExists"), "aws:MultiFactorAuthAge",
                    number(pick("3600", "900")));
            case 7 -> new Entry(pick("StringEquals", "StringEqualsIgnoreCase"), "aws:MultiFactorAuthPresent",
                    text(pick("true", "TRUE", "false")));
            case 8 -> new Entry(pick("Bool", "BoolIfExists"), "aws:MultiFactorAuthPresent",
                    text(pick("True", "TRUE", "False", "yes")));
            case 9 -> new Entry(pick("NumericEquals", "NumericNotEquals", "NumericGreaterThanEquals"),
                    "aws:MultiFactorAuthAge", number(pick("900", "0")));
            case 10 -> new Entry("Null", pick("aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge"),
                    list(bool(true), bool(false)));
            default -> new Entry("Bool", "aws:MultiFactorAuthPresent", list(bool(true), bool(false)));
        };
    }

    private Entry callerEntry() {
        String account = account();
        return switch (random.nextInt(10)) {
            case 0, 1 -> new Entry(pick("StringEquals", "StringNotEquals", "StringLike", "StringNotLike"),
                    "aws:PrincipalAccount", oneOrList(() -> pick(account(), account(), "2222*", "22222222222?")));
            case 8 -> new Entry(pick("StringEquals", "StringNotEquals", "NumericEquals"), "aws:PrincipalAccount",
                    NODES.numberNode(Long.parseLong(account())));
            case 9 -> new Entry(pick("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLikeIfExists",
                    "StringNotLikeIfExists", "ArnLikeIfExists"), "aws:PrincipalArn",
                    text(pick("ARN:AWS:IAM::222222222222:USER/ALICE", "arn:aws:iam::2222222222??:role/*",
                            "arn:aws:iam::*:role/ci-build", "arn:aws:iam::*:role/CI-*")));
            case 2, 3 -> new Entry(pick("ArnLike", "ArnNotLike", "ArnEquals", "ArnNotEquals"), "aws:PrincipalArn",
                    oneOrList(this::arnPattern));
            case 4, 5 -> new Entry(pick("StringLike", "StringNotLike", "StringEquals", "StringNotEquals"),
                    "aws:PrincipalArn", oneOrList(this::arnPattern));
            case 6 -> new Entry(pick("StringEquals", "StringNotEquals"), "aws:PrincipalType",
                    text(pick("User", "AssumedRole", "Account")));
            default -> new Entry(pick("StringEquals", "StringLike", "StringNotLike"), "aws:username",
                    text(pick("alice", "a*", "bob", "ci-*")) );
        };
    }

    private String arnPattern() {
        String account = account();
        return switch (random.nextInt(11)) {
            case 0 -> "arn:aws:iam::*:role/ci-*";
            case 1 -> "*:role/ci-*";
            case 2 -> "*/github-actions-*";
            case 3 -> "arn:aws:iam::" + account + ":user/*";
            case 4 -> "arn:aws:iam::" + account + ":role/team/*";
            case 5 -> "arn:aws:iam::" + account + ":role/" + pick(ROLES);
            case 6 -> "arn:aws:iam::" + account + ":user/" + pick(USERS);
            case 7 -> "arn:aws:iam::" + account + ":*";
            case 8 -> "arn:aws:iam::*:user/ops/*";
            case 9 -> "*ci-*";
            default -> "arn:aws:sts::" + account + ":assumed-role/" + name(pick(ROLES)) + "/*";
        };
    }

    private Entry orgEntry() {
        return switch (random.nextInt(6)) {
            case 0, 1 -> new Entry(pick("StringEquals", "StringNotEquals", "StringLike", "StringEqualsIgnoreCase"),
                    "aws:PrincipalOrgID", oneOrList(() -> pick(ORGS.get(0), ORGS.get(1), "o-*", "O-AAAAAAAAAA")));
            case 2, 3 -> new Entry(pick("ForAnyValue:StringLike", "ForAllValues:StringLike",
                    "ForAnyValue:StringEquals", "ForAllValues:StringNotLike", "ForAnyValue:StringNotLike",
                    "ForAnyValue:StringLikeIfExists"),
                    "aws:PrincipalOrgPaths", oneOrList(() -> pick(ORGS.get(0) + "/*", ORGS.get(1) + "/*",
                            ORGS.get(0) + "/r-ab12/ou-ab12-11111111/*", ORGS.get(0) + "/r-ab12/", "*",
                            "o-*/r-ab12/ou-ab12-11111111/*", "*/ou-ab12-22222222/")));
            case 4 -> new Entry("Null", pick("aws:PrincipalOrgID", "aws:PrincipalOrgPaths"),
                    bool(random.nextBoolean()));
            default -> new Entry(pick("StringLike", "StringNotLike"), "aws:PrincipalOrgPaths",
                    text(ORGS.get(0) + "/*"));
        };
    }

    private Entry networkEntry() {
        return switch (random.nextInt(6)) {
            case 0, 1 -> new Entry(pick("IpAddress", "NotIpAddress", "IpAddressIfExists", "NotIpAddressIfExists"),
                    "aws:SourceIp", oneOrList(() -> pick("203.0.113.0/24", "198.51.100.0/24", "2001:db8::/32",
                            "0.0.0.0/0")));
            case 2 -> new Entry("Null", pick("aws:SourceIp", "aws:SourceVpce", "aws:SourceVpc", "aws:VpcSourceIp"),
                    bool(random.nextBoolean()));
            case 3 -> new Entry(pick("StringEquals", "StringNotEquals", "StringEqualsIfExists",
                    "StringNotEqualsIfExists"), pick("aws:SourceVpce", "aws:SourceVpc"),
                    text(pick("vpce-1a2b3c4d", "vpc-11111111")));
            case 4 -> new Entry(pick("IpAddress", "NotIpAddress"), "aws:VpcSourceIp", text("10.0.0.0/8"));
            default -> new Entry(pick("Bool", "BoolIfExists"), "aws:ViaAWSService", bool(false));
        };
    }

    private Entry externalIdEntry() {
        return switch (random.nextInt(4)) {
            case 0 -> new Entry(pick("StringEquals", "StringEqualsIgnoreCase", "StringNotEquals"), "sts:ExternalId",
                    oneOrList(() -> pick("partner-4711", "other-id")));
            case 1 -> new Entry(pick("StringLike", "StringNotLike"), "sts:ExternalId",
                    text(pick("*", "partner-*", "partner-471?")));
            case 2 -> new Entry("Null", "sts:ExternalId", bool(random.nextBoolean()));
            default -> new Entry("StringEqualsIfExists", "sts:ExternalId", text("partner-4711"));
        };
    }

    private Entry tagEntry() {
        return switch (random.nextInt(4)) {
            case 0 -> new Entry(pick("StringEquals", "StringNotEquals", "StringLike"), "aws:RequestTag/team",
                    oneOrList(() -> pick("blue", "red", "b*")));
            case 1 -> new Entry(pick("ForAllValues:StringEquals", "ForAnyValue:StringEquals",
                    "ForAllValues:StringLike"), "aws:TagKeys", oneOrList(() -> pick("team", "env", "t*")));
            case 2 -> new Entry(pick("StringEquals", "StringNotEquals"), "aws:PrincipalTag/dept",
                    text(pick("eng", "ops")));
            default -> new Entry("Null", pick("aws:RequestTag/team", "aws:TagKeys"), bool(random.nextBoolean()));
        };
    }

    private Entry otherEntry() {
        return switch (random.nextInt(6)) {
            case 0 -> new Entry(pick("Bool", "BoolIfExists"), "aws:SecureTransport", bool(random.nextBoolean()));
            case 1 -> new Entry(pick("StringEquals", "StringNotEquals"), "aws:RequestedRegion",
                    oneOrList(() -> pick("us-east-1", "eu-west-1")));
            case 2 -> new Entry(pick("DateGreaterThan", "DateLessThan"), "aws:CurrentTime",
                    text(pick("2020-01-01T00:00:00Z", "2030-01-01T00:00:00Z", "2026-11-30")));
            case 3 -> new Entry(pick("NumericGreaterThan", "NumericLessThan"), "aws:EpochTime",
                    number(pick("1600000000", "1900000000")));
            case 4 -> new Entry(pick("StringEquals", "StringLike"), "sts:RoleSessionName",
                    text(pick("ci-*", "session-1")));
            default -> new Entry(pick("StringEquals", "StringNotEquals", "StringLike"), "sts:SourceIdentity",
                    text(pick("alice", "a*")));
        };
    }

    // ---- requests -------------------------------------------------------------------------------------------

    Request request() {
        String account = pick(scope.callerAccounts());
        Request request = random.nextBoolean()
                ? new Request(account, "aws", Request.CallerType.USER, pick(USERS), "", Map.of())
                : new Request(account, "aws", Request.CallerType.ROLE_SESSION, pick(ROLES), pick(SESSIONS), Map.of());
        Map<String, List<String>> context = new LinkedHashMap<>();
        switch (random.nextInt(3)) {
            case 0 -> {
                // long-term access keys: no MFA key at all
            }
            case 1 -> context.put("aws:MultiFactorAuthPresent", List.of("false"));
            default -> {
                context.put("aws:MultiFactorAuthPresent", List.of("true"));
                context.put("aws:MultiFactorAuthAge", List.of(pick("0", "5", "899", "900", "3599", "3600", "7200")));
            }
        }
        if (random.nextInt(3) > 0 && !scope.callerOrgs().isEmpty()) {
            String org = pick(scope.callerOrgs());
            context.put("aws:PrincipalOrgID", List.of(org));
            // an account sits in one place of its organization: one path, which begins with the organization's id
            context.put("aws:PrincipalOrgPaths", List.of(org + "/" + pick("r-ab12/", "r-ab12/ou-ab12-11111111/",
                    "r-ab12/ou-ab12-11111111/ou-ab12-22222222/")));
        }
        if (random.nextInt(3) > 0) {
            context.put("aws:SourceIp", List.of(pick("203.0.113.5", "198.51.100.7", "192.0.2.1", "2001:db8::1")));
        } else {
            context.put("aws:SourceVpce", List.of(pick("vpce-1a2b3c4d", "vpce-99999999")));
            context.put("aws:SourceVpc", List.of(pick("vpc-11111111", "vpc-22222222")));
            context.put("aws:VpcSourceIp", List.of(pick("10.1.2.3", "172.16.0.1")));
        }
        if (random.nextBoolean()) {
            context.put("sts:ExternalId", List.of(pick("partner-4711", "PARTNER-4711", "partner-x", "other-id")));
        }
        switch (random.nextInt(4)) {
            case 0 -> {
                context.put("aws:RequestTag/team", List.of(pick("blue", "red")));
                context.put("aws:TagKeys", List.of("team"));
            }
            case 1 -> {
                context.put("aws:RequestTag/team", List.of("blue"));
                context.put("aws:RequestTag/env", List.of("prod"));
                context.put("aws:TagKeys", List.of("team", "env"));
            }
            default -> {
                // no session tags
            }
        }
        if (random.nextInt(3) == 0) {
            context.put("aws:PrincipalTag/dept", List.of(pick("eng", "ops")));
        }
        if (random.nextBoolean()) {
            context.put("sts:SourceIdentity", List.of(pick("alice", "bob")));
        }
        context.put("sts:RoleSessionName", List.of(pick("ci-42", "session-1", "x")));
        Instant at = NOW.plusSeconds(random.nextInt(2) * 86_400L * 365 * 5);
        context.put("aws:CurrentTime", List.of(at.toString()));
        context.put("aws:EpochTime", List.of(Long.toString(at.getEpochSecond())));
        context.put("aws:SecureTransport", List.of(pick("true", "true", "false")));
        context.put("aws:RequestedRegion", List.of(pick("us-east-1", "eu-west-1")));
        context.put("aws:ViaAWSService", List.of("false"));
        context.put("aws:ResourceAccount", List.of(ROLE_ACCOUNT));
        return new Request(request.account(), request.partition(), request.type(), request.path(), request.session(),
                context);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private String account() {
        return pick(ACCOUNTS);
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private String caseVariant(String key) {
        return switch (random.nextInt(6)) {
            case 0 -> key.toLowerCase(Locale.ROOT);
            case 1 -> key.toUpperCase(Locale.ROOT);
            default -> key;
        };
    }

    private JsonNode bool(boolean value) {
        return random.nextBoolean() ? NODES.booleanNode(value) : NODES.textNode(Boolean.toString(value));
    }

    private JsonNode number(String value) {
        return random.nextBoolean() ? NODES.numberNode(Long.parseLong(value)) : NODES.textNode(value);
    }

    private static JsonNode text(String value) {
        return NODES.textNode(value);
    }

    private static JsonNode list(JsonNode... values) {
        ArrayNode array = NODES.arrayNode();
        for (JsonNode value : values) {
            array.add(value);
        }
        return array;
    }

    private JsonNode oneOrList(java.util.function.Supplier<String> values) {
        int count = random.nextInt(3) == 0 ? 2 : 1;
        if (count == 1 && random.nextInt(4) > 0) {
            return NODES.textNode(values.get());
        }
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < count; i++) {
            array.add(values.get());
        }
        return array;
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
