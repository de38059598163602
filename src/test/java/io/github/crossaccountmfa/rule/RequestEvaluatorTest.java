package io.github.crossaccountmfa.rule;

import static io.github.crossaccountmfa.rule.RequestEvaluator.Decision.ALLOW;
import static io.github.crossaccountmfa.rule.RequestEvaluator.Decision.EXPLICIT_DENY;
import static io.github.crossaccountmfa.rule.RequestEvaluator.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountmfa.policy.TrustPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IAM's decision for one concrete request; each case beside its twin with the other decision. */
class RequestEvaluatorTest {
    private static final Request KEYS = Request.user("222222222222", "ops/bob");
    private static final Request MFA = KEYS.with("aws:MultiFactorAuthPresent", "true")
            .with("aws:MultiFactorAuthAge", "30");

    private static RequestEvaluator.Decision decide(String statements, Request request) {
        return RequestEvaluator.decide(TrustPolicy.parse(
                "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}"), request);
    }

    private static String allow(String condition) {
        return "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},"
                + "\"Action\":\"sts:AssumeRole\"" + (condition.isEmpty() ? "" : ",\"Condition\":" + condition) + "}";
    }

    @Test
    void boolMfaAdmitsAnMfaRequestAndNotAccessKeys() {
        String policy = allow("{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}");
        assertThat(decide(policy, MFA)).isEqualTo(ALLOW);
        assertThat(decide(policy, KEYS)).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void boolIfExistsMfaAdmitsAccessKeysButNotASessionWithoutMfa() {
        String policy = allow("{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":true}}");
        assertThat(decide(policy, KEYS)).isEqualTo(ALLOW);
        assertThat(decide(policy, KEYS.with("aws:MultiFactorAuthPresent", "false"))).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void anExplicitDenyWinsOverAnAllow() {
        String deny = "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:*\","
                + "\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}}";
        assertThat(decide(allow("") + "," + deny, KEYS)).isEqualTo(EXPLICIT_DENY);
        assertThat(decide(allow("") + "," + deny, MFA)).isEqualTo(ALLOW);
    }

    @Test
    void aRoleSessionIsDescribedByItsRolesArnWithThePath() {
        Request session = Request.roleSession("222222222222", "team/ci-build", "run-7");
        String policy = allow("{\"StringLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/team/ci-*\"}}");
        assertThat(session.principalArn()).isEqualTo("arn:aws:iam::222222222222:role/team/ci-build");
        assertThat(session.callerArn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/ci-build/run-7");
        assertThat(decide(policy, session)).isEqualTo(ALLOW);
        assertThat(decide(policy, Request.roleSession("222222222222", "deploy", "run-7"))).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void nullSourceIpAdmitsARequestThroughAVpcEndpointOnly() {
        String policy = allow("{\"Null\":{\"aws:SourceIp\":\"true\"}}");
        assertThat(decide(policy, KEYS.with("aws:SourceVpce", "vpce-1a2b3c4d"))).isEqualTo(ALLOW);
        assertThat(decide(policy, KEYS.with("aws:SourceIp", "203.0.113.5"))).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void forAllValuesHoldsOnAnAbsentKeyAndForAnyValueDoesNot() {
        Request tagged = KEYS.with("aws:TagKeys", "team");
        String all = allow("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":\"env\"}}");
        String any = allow("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":\"team\"}}");
        assertThat(decide(all, KEYS)).isEqualTo(ALLOW);
        assertThat(decide(all, tagged)).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(any, KEYS)).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(any, tagged)).isEqualTo(ALLOW);
    }

    @Test
    void notPrincipalAdmitsEveryoneButTheListedAccount() {
        String policy = "{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"333333333333\"},\"Action\":\"sts:AssumeRole\"}";
        assertThat(decide(policy, KEYS)).isEqualTo(ALLOW);
        assertThat(decide(policy, Request.user("333333333333", "alice"))).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void aStatementForAnotherActionDecidesNothing() {
        String tagSession = "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:TagSession\"}";
        String notAction = "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"NotAction\":\"sts:TagSession\"}";
        assertThat(decide(tagSession, KEYS)).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(notAction, KEYS)).isEqualTo(ALLOW);
    }

    @Test
    void conditionKeysAreCaseInsensitiveAndCallerKeysAreDerived() {
        String policy = allow("{\"StringEquals\":{\"AWS:PRINCIPALTYPE\":\"User\",\"aws:UserName\":\"bob\","
                + "\"sts:externalid\":\"partner-4711\"}}");
        assertThat(decide(policy, KEYS.with("STS:ExternalId", "partner-4711"))).isEqualTo(ALLOW);
        assertThat(decide(policy, KEYS.with("sts:ExternalId", "PARTNER-4711"))).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void aRequestCannotBeGivenTheKeysThatDescribeItsCaller() {
        assertThatThrownBy(() -> new Request("222222222222", "aws", Request.CallerType.USER, "bob", "",
                Map.of("aws:PrincipalArn", List.of("arn:aws:iam::333333333333:user/bob"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aws:PrincipalArn");
        assertThatThrownBy(() -> Request.roleSession("222222222222", "deploy", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
