package io.github.crossaccountmfa.testing;

import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of IAM role trust policies for property tests of the verdict engine and the
 * remediation. Everything is drawn from small pools, so that generated policies name the same accounts, principals
 * and condition values often enough for statements to interact (Allow and Deny on one caller, a trusted account
 * that also appears in a condition, …):
 * <ul>
 *   <li>principals: the role's own account ({@link #OWN_ACCOUNT}) and foreign accounts as ids and {@code :root}
 *       ARNs, users, roles and role sessions, {@code "*"}, unique ids of deleted principals, services, federated
 *       providers; as a string {@code "*"}, an object of one or several types, single values or lists; sometimes
 *       {@code NotPrincipal};</li>
 *   <li>actions: {@code sts:AssumeRole}, {@code sts:*}, {@code *}, {@code sts:Assume*}, lists with
 *       {@code sts:TagSession}, actions that grant no assumption, and {@code NotAction};</li>
 *   <li>effects: mostly Allow, sometimes Deny;</li>
 *   <li>conditions: zero to three entries from a pool of MFA tests ({@code Bool}, {@code BoolIfExists},
 *       {@code Null}, {@code ForAllValues:Bool}, {@code NumericLessThan[IfExists]} on the MFA age), caller-controlled
 *       keys ({@code sts:ExternalId}, {@code aws:SourceIp}), caller-describing keys ({@code aws:PrincipalAccount},
 *       {@code aws:PrincipalArn}, {@code aws:PrincipalOrgID}), with string, boolean or number values.</li>
 * </ul>
 * All generated documents are valid trust policies (they parse).
 */
public final class PolicyGenerators {
    /** The account of the role the generated policies belong to. */
    public static final String OWN_ACCOUNT = "111111111111";
    /** Foreign accounts the pools draw from. */
    public static final List<String> FOREIGN_ACCOUNTS = List.of("222222222222", "333333333333", "444444444444");
    /** The organization named by {@code aws:PrincipalOrgID} conditions. */
    public static final String ORGANIZATION = "o-a1b2c3d4e5";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> AWS_PRINCIPALS = List.of(
            OWN_ACCOUNT,
            "arn:aws:iam::" + OWN_ACCOUNT + ":root",
            "arn:aws:iam::" + OWN_ACCOUNT + ":role/admin",
            "222222222222",
            "arn:aws:iam::222222222222:root",
            "arn:aws:iam::222222222222:user/alice",
            "arn:aws:iam::333333333333:role/deploy",
            "arn:aws:iam::333333333333:root",
            "arn:aws:sts::444444444444:assumed-role/partner/session-1",
            "arn:aws:iam::444444444444:user/ops/bob",
            "*",
            "AROAEXAMPLEDELETED0001");
    private static final List<String> SERVICES = List.of("ec2.amazonaws.com", "lambda.amazonaws.com");
    private static final List<String> FEDERATED = List.of(
            "arn:aws:iam::" + OWN_ACCOUNT + ":saml-provider/corp", "cognito-identity.amazonaws.com");

    private PolicyGenerators() {
    }

    /** Trust policies of one to four statements, as compact JSON text. */
    public static Gen<String> trustPolicies() {
        return trustPolicies(4);
    }

    /** Trust policies of one to {@code maxStatements} statements, as compact JSON text. */
    public static Gen<String> trustPolicies(int maxStatements) {
        return policyTrees(maxStatements).map(PolicyGenerators::text);
    }

    /** Trust policies URL-encoded the way AWS Config and {@code ListRoles} deliver them. */
    public static Gen<String> urlEncodedTrustPolicies() {
        return trustPolicies().map(p -> URLEncoder.encode(p, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** Trust policies as Jackson trees (to mutate them further in a test). */
    public static Gen<ObjectNode> policyTrees(int maxStatements) {
        Gen<List<ObjectNode>> statements = lists().of(statements()).ofSizeBetween(1, maxStatements);
        return statements.zip(Generate.booleans(), PolicyGenerators::policy);
    }

    /** One statement: Sid (sometimes), Effect, Principal or NotPrincipal, Action or NotAction, Condition. */
    public static Gen<ObjectNode> statements() {
        Gen<String> effect = Generate.frequency(List.of(
                pair(4, Generate.constant("Allow")), pair(1, Generate.constant("Deny"))));
        // "PartnerRequireMfa" is what a rewrite would name a copy of "Partner": the remediation must pick another.
        Gen<Optional<String>> sid = Generate.pick(List.of("Partner", "Internal", "Vendor1", "PartnerRequireMfa"))
                .toOptionals(50); // % empty
        return effect.zip(principalElements(), actionElements(), conditions(), sid,
                PolicyGenerators::statement);
    }

    /** A principal element: {@code "Principal"} (usually) or {@code "NotPrincipal"} and its value. */
    public static Gen<Element> principalElements() {
        Gen<JsonNode> value = Generate.frequency(List.of(
                pair(1, Generate.constant(NODES.textNode("*"))),
                pair(8, principalObjects())));
        Gen<String> name = Generate.frequency(List.of(
                pair(12, Generate.constant("Principal")), pair(1, Generate.constant("NotPrincipal"))));
        return name.zip(value, Element::new);
    }

    /** {@code {"AWS": …, "Service": …, "Federated": …}} with at least one AWS or other principal. */
    public static Gen<JsonNode> principalObjects() {
        // toOptionals(n): n percent of the values are empty
        Gen<Optional<JsonNode>> aws = valueOrList(awsPrincipalNodes(), 3).toOptionals(15);
        Gen<Optional<JsonNode>> service = valueOrList(Generate.pick(SERVICES).map(PolicyGenerators::textNode), 2)
                .toOptionals(80);
        Gen<Optional<JsonNode>> federated = Generate.pick(FEDERATED).map(t -> (JsonNode) NODES.textNode(t))
                .toOptionals(92);
        return aws.zip(service, federated, PolicyGenerators::principalObject);
    }

    /** One AWS principal from the pool (ids and ARNs of own and foreign accounts, "*", a deleted principal). */
    public static Gen<String> awsPrincipals() {
        return Generate.pick(AWS_PRINCIPALS);
    }

    /** AWS principals as JSON: mostly strings, sometimes unquoted account ids (JSON numbers) as in hand-written IaC. */
    public static Gen<JsonNode> awsPrincipalNodes() {
        Gen<JsonNode> numbers = Generate.pick(List.of(222222222222L, 333333333333L, Long.parseLong(OWN_ACCOUNT)))
                .map(n -> (JsonNode) NODES.numberNode(n));
        return Generate.frequency(List.of(pair(12, awsPrincipals().map(PolicyGenerators::textNode)), pair(1, numbers)));
    }

    /** An action element: {@code "Action"} (usually) or {@code "NotAction"} and its value. */
    public static Gen<Element> actionElements() {
        return Generate.pick(List.of(
                element("Action", "sts:AssumeRole"),
                element("Action", "sts:AssumeRole"),
                element("Action", "sts:*"),
                element("Action", "*"),
                element("Action", "sts:Assume*"),
                element("Action", "STS:assumerole"),
                element("Action", "sts:AssumeRole", "sts:TagSession"),
                element("Action", "sts:TagSession"),
                element("Action", "sts:AssumeRoleWithSAML"),
                element("NotAction", "sts:TagSession"),
                element("NotAction", "sts:AssumeRole")));
    }

    /** Zero to three condition entries, merged into one Condition object (empty object: no Condition). */
    public static Gen<ObjectNode> conditions() {
        return lists().of(conditionEntries()).ofSizes(Generate.frequency(List.of(
                        pair(3, Generate.constant(0)), pair(4, Generate.constant(1)),
                        pair(2, Generate.constant(2)), pair(1, Generate.constant(3)))))
                .map(PolicyGenerators::condition);
    }

    /** One {@code operator → key → value} entry from the pool. */
    public static Gen<ConditionEntry> conditionEntries() {
        return Generate.pick(List.of(
                entry("Bool", "aws:MultiFactorAuthPresent", "true"),
                entry("Bool", "aws:MultiFactorAuthPresent", "false"),
                entry("Bool", "aws:MultiFactorAuthPresent", true),
                entry("BoolIfExists", "aws:MultiFactorAuthPresent", "true"),
                entry("BoolIfExists", "aws:MultiFactorAuthPresent", "false"),
                entry("Null", "aws:MultiFactorAuthAge", "false"),
                entry("Null", "aws:MultiFactorAuthAge", "true"),
                entry("Null", "aws:MultiFactorAuthPresent", "false"),
                entry("ForAllValues:Bool", "aws:MultiFactorAuthPresent", "true"),
                entry("NumericLessThan", "aws:MultiFactorAuthAge", "3600"),
                entry("NumericLessThan", "aws:MultiFactorAuthAge", 900),
                entry("NumericLessThanIfExists", "aws:MultiFactorAuthAge", "3600"),
                entry("StringEquals", "sts:ExternalId", "partner-4711"),
                entry("StringLike", "sts:ExternalId", "*"),
                entry("StringEquals", "aws:PrincipalAccount", "222222222222"),
                entry("StringNotEquals", "aws:PrincipalAccount", "333333333333"),
                entry("ArnLike", "aws:PrincipalArn", "arn:aws:iam::222222222222:role/*"),
                entry("StringLike", "aws:PrincipalArn", "arn:aws:iam::*:role/ci-*"),
                entry("StringEquals", "aws:PrincipalAccount", OWN_ACCOUNT),
                entry("ArnEquals", "aws:PrincipalArn", "arn:aws:iam::333333333333:role/deploy"),
                entry("IpAddress", "aws:SourceIp", "203.0.113.0/24"),
                entry("StringEquals", "aws:PrincipalOrgID", ORGANIZATION)));
    }

    /** Rule parameters (the Config InputParameters JSON) that trust some of the pool's accounts or organization. */
    public static Gen<String> ruleParameters() {
        return Generate.pick(List.of(
                "{}",
                "{\"TrustedAccountIds\":\"222222222222\"}",
                "{\"TrustedAccountIds\":\"333333333333,444444444444\"}",
                "{\"TrustedOrganizationIds\":\"" + ORGANIZATION + "\"}",
                "{\"AcceptExternalId\":\"true\"}",
                "{\"TrustedAccountIds\":\"222222222222\",\"AcceptExternalId\":\"true\"}"));
    }

    /** A {@code Principal}/{@code Action} style element: its name and value. */
    public record Element(String name, JsonNode value) {
    }

    /** One condition: {@code "operator": {"key": value}}. */
    public record ConditionEntry(String operator, String key, JsonNode value) {
    }

    private static ObjectNode policy(List<ObjectNode> statements, Boolean single) {
        ObjectNode policy = NODES.objectNode().put("Version", "2012-10-17");
        if (single && statements.size() == 1) {
            policy.set("Statement", statements.get(0));
        } else {
            ArrayNode array = policy.putArray("Statement");
            statements.forEach(array::add);
        }
        return policy;
    }

    private static ObjectNode statement(String effect, Element principal, Element action, ObjectNode condition,
                                        Optional<String> sid) {
        ObjectNode statement = NODES.objectNode();
        sid.ifPresent(s -> statement.put("Sid", s));
        statement.put("Effect", effect);
        statement.set(principal.name(), principal.value().deepCopy());
        statement.set(action.name(), action.value().deepCopy());
        if (!condition.isEmpty()) {
            statement.set("Condition", condition.deepCopy());
        }
        return statement;
    }

    private static JsonNode principalObject(Optional<JsonNode> aws, Optional<JsonNode> service,
                                            Optional<JsonNode> federated) {
        ObjectNode principal = NODES.objectNode();
        aws.ifPresent(v -> principal.set("AWS", v));
        service.ifPresent(v -> principal.set("Service", v));
        federated.ifPresent(v -> principal.set("Federated", v));
        if (principal.isEmpty()) {
            principal.put("AWS", "arn:aws:iam::222222222222:root");
        }
        return principal;
    }

    private static JsonNode textNode(String text) {
        return NODES.textNode(text);
    }

    private static Gen<JsonNode> valueOrList(Gen<JsonNode> values, int max) {
        return lists().of(values).ofSizeBetween(1, max).zip(Generate.booleans(), (list, asList) -> {
            if (list.size() == 1 && !asList) {
                return list.get(0);
            }
            ArrayNode array = NODES.arrayNode();
            list.forEach(array::add);
            return array;
        });
    }

    private static ObjectNode condition(List<ConditionEntry> entries) {
        ObjectNode condition = NODES.objectNode();
        for (ConditionEntry entry : entries) {
            ObjectNode operator = condition.has(entry.operator())
                    ? (ObjectNode) condition.get(entry.operator()) : condition.putObject(entry.operator());
            operator.set(entry.key(), entry.value());
        }
        return condition;
    }

    private static Element element(String name, String... values) {
        if (values.length == 1) {
            return new Element(name, NODES.textNode(values[0]));
        }
        ArrayNode array = NODES.arrayNode();
        for (String value : values) {
            array.add(value);
        }
        return new Element(name, array);
    }

    private static ConditionEntry entry(String operator, String key, Object value) {
        JsonNode node = switch (value) {
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            default -> NODES.textNode(value.toString());
        };
        return new ConditionEntry(operator, key, node);
    }

    private static <T> Pair<Integer, Gen<T>> pair(int weight, Gen<T> gen) {
        return Pair.of(weight, gen);
    }

    private static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
