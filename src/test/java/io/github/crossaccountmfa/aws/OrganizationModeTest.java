package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.AwsOperationException;

import io.github.crossaccountmfa.invocation.RunSummary;

import io.github.crossaccountmfa.invocation.RuleEvent;

import io.github.crossaccountmfa.invocation.Deadline;

import io.github.crossaccountmfa.invocation.RuleRunner;


import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.ConfigStub;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.FastAws;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/**
 * ExecutionRoleName: the role in the event's account is assumed with STS and every IAM and Config call, PutEvaluations
 * included, is signed with its credentials. STS and IAM are WireMock stubs speaking the query protocol.
 */
class OrganizationModeTest {
    private static final String MEMBER = "111122223333";
    private static final String ROLE_ARN = "arn:aws:iam::" + MEMBER + ":role/ConfigRuleExecution";
    private static final String ASSUMED_KEY = "ASIAASSUMEDEXAMPLE01";
    private static ConfigStub config;
    private static WireMockServer iamAndSts;

    @BeforeAll
    static void start() {
        config = new ConfigStub();
        iamAndSts = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        iamAndSts.start();
        AwsTestEnvironment.use("http://127.0.0.1:" + iamAndSts.port(), config.endpoint());
    }

    @AfterAll
    static void stop() {
        iamAndSts.stop();
        config.close();
    }

    @BeforeEach
    void reset() {
        config.reset();
        iamAndSts.resetAll();
        iamAndSts.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRole"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
                        <AssumedRoleUser><AssumedRoleId>AROAMEMBEREXAMPLE0001:cross-account-mfa-rule</AssumedRoleId>
                        <Arn>arn:aws:sts::111122223333:assumed-role/ConfigRuleExecution/cross-account-mfa-rule</Arn>
                        </AssumedRoleUser><Credentials><AccessKeyId>ASIAASSUMEDEXAMPLE01</AccessKeyId>
                        <SecretAccessKey>assumed-secret</SecretAccessKey><SessionToken>assumed-session-token</SessionToken>
                        <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult>
                        <ResponseMetadata><RequestId>req-assume</RequestId></ResponseMetadata></AssumeRoleResponse>""")));
        iamAndSts.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=ListRoles"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                        <ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult>
                        <IsTruncated>false</IsTruncated><Roles><member><Path>/</Path><RoleName>partner</RoleName>
                        <RoleId>AROAMEMBERPARTNER0001</RoleId><Arn>arn:aws:iam::111122223333:role/partner</Arn>
                        <CreateDate>2024-03-01T10:00:00Z</CreateDate>
                        <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A210987654321%3Aroot%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D</AssumeRolePolicyDocument>
                        </member></Roles></ListRolesResult><ResponseMetadata><RequestId>req-list</RequestId>
                        </ResponseMetadata></ListRolesResponse>""")));
    }

    private static String orgEvent(String name) {
        return Events.withEnvelope(name, e -> {
            e.put("accountId", MEMBER);
            e.put("configRuleArn", "arn:aws:config:us-east-1:" + MEMBER + ":config-rule/config-rule-org123");
            e.put("resultToken", "member-token");
            e.put("ruleParameters", "{\"ExecutionRoleName\":\"ConfigRuleExecution\"}");
        });
    }

    private static RunSummary run(String event) {
        return new RuleRunner(new AwsRuleBackends(FastAws::clients, FastAws.RETRY))
                .run(RuleEvent.fromJson(event), Deadline.none());
    }

    @Test
    void roleInTheEventsAccountIsAssumedAndPutEvaluationsIsSignedWithItsCredentials() {
        run(orgEvent("change-noncompliant.json"));

        List<LoggedRequest> assume = iamAndSts.findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=AssumeRole")));
        assertThat(assume).singleElement().satisfies(request -> {
            String body = URLDecoder.decode(request.getBodyAsString(), StandardCharsets.UTF_8);
            assertThat(body).contains("RoleArn=" + ROLE_ARN).contains("RoleSessionName=cross-account-mfa-rule");
            assertThat(request.getHeader("Authorization")).contains("Credential=AKIATESTTESTTESTTEST/");
        });
        assertThat(config.putEvaluations()).singleElement().satisfies(body ->
                assertThat(body.get("ResultToken").textValue()).isEqualTo("member-token"));
        assertThat(config.authorizations("PutEvaluations")).singleElement()
                .satisfies(auth -> assertThat(auth).contains("Credential=" + ASSUMED_KEY + "/"));
    }

    @Test
    void periodicSweepListsTheMembersRolesWithTheAssumedRole() {
        run(orgEvent("scheduled.json"));

        List<LoggedRequest> list = iamAndSts.findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=ListRoles")));
        assertThat(list).singleElement().satisfies(request ->
                assertThat(request.getHeader("Authorization")).contains("Credential=" + ASSUMED_KEY + "/"));
        assertThat(config.authorizations("GetComplianceDetailsByConfigRule")).singleElement()
                .satisfies(auth -> assertThat(auth).contains("Credential=" + ASSUMED_KEY + "/"));
        assertThat(config.evaluations()).singleElement().satisfies(e -> {
            assertThat(e.get("ComplianceResourceId").textValue()).isEqualTo("AROAMEMBERPARTNER0001");
            assertThat(e.get("ComplianceType").textValue()).isEqualTo("NON_COMPLIANT");
        });
        assertThat(iamAndSts.findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=AssumeRole")))).as("credentials are cached").hasSize(1);
    }

    @Test
    void roleThatCannotBeAssumedFailsTheInvocationSayingWhichRoleAndWhy() {
        iamAndSts.stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing("Action=AssumeRole"))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody("""
                        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>
                        <Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/rule-fn/x is not \
                        authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/ConfigRuleExecution</Message>
                        </Error><RequestId>req-denied</RequestId></ErrorResponse>""")));

        assertThatThrownBy(() -> run(orgEvent("change-noncompliant.json")))
                .isInstanceOf(AwsOperationException.class)
                .hasMessageStartingWith("Cannot assume role " + ROLE_ARN + " (rule parameter ExecutionRoleName): "
                        + "AccessDenied: User: arn:aws:sts::123456789012:assumed-role/rule-fn/x is not authorized to "
                        + "perform: sts:AssumeRole")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(config.putEvaluations()).isEmpty();
    }

    @Test
    void withoutExecutionRoleNameTheFunctionsOwnCredentialsAreUsed() {
        run(Events.text("change-noncompliant.json"));

        assertThat(iamAndSts.getAllServeEvents()).isEmpty();
        assertThat(config.authorizations("PutEvaluations")).singleElement()
                .satisfies(auth -> assertThat(auth).contains("Credential=AKIATESTTESTTESTTEST/"));
    }

    @Test
    void partitionComesFromTheRuleArnOrElseTheRegion() {
        assertThat(AwsRuleBackends.partition(Optional.of("arn:aws-cn:config:cn-north-1:111122223333:config-rule/x"),
                () -> { throw new AssertionError("region not needed"); })).isEqualTo("aws-cn");
        assertThat(AwsRuleBackends.partitionOf(Region.US_GOV_WEST_1)).isEqualTo("aws-us-gov");
        assertThat(AwsRuleBackends.partitionOf(Region.CN_NORTHWEST_1)).isEqualTo("aws-cn");
        assertThat(AwsRuleBackends.partitionOf(Region.EU_WEST_1)).isEqualTo("aws");
    }

    @Test
    void everyPartitionComesFromTheSdksRegionMetadataUnknownRegionsByItsPatterns() {
        assertThat(AwsRuleBackends.partitionOf(Region.of("us-iso-east-1"))).isEqualTo("aws-iso");
        assertThat(AwsRuleBackends.partitionOf(Region.of("us-isob-east-1"))).isEqualTo("aws-iso-b");
        assertThat(AwsRuleBackends.partitionOf(Region.of("eusc-de-east-1"))).isEqualTo("aws-eusc");
        // not (yet) in the SDK's metadata: the partitions' region patterns place it
        assertThat(AwsRuleBackends.partitionOf(Region.of("us-gov-north-9"))).isEqualTo("aws-us-gov");
        assertThat(AwsRuleBackends.partitionOf(Region.of("cn-south-7"))).isEqualTo("aws-cn");
        assertThat(AwsRuleBackends.partitionOf(Region.of("ap-northwest-9"))).isEqualTo("aws");
    }
}
