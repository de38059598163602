package io.github.crossaccountmfa.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.crossaccountmfa.report.AccountRoles;
import io.github.crossaccountmfa.report.AwsCallException;
import io.github.crossaccountmfa.report.MemberAccount;
import io.github.crossaccountmfa.report.Organization;
import io.github.crossaccountmfa.report.ScanConnection;
import io.github.crossaccountmfa.report.ScanMessages;
import io.github.crossaccountmfa.rule.RoleRecord;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.FastAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The organization adapter with the real SDK against stubs speaking STS and IAM (query protocol) and
 * Organizations (JSON 1.1): ListAccounts paginated, AssumeRole in the caller's partition, the assumed credentials
 * used for that account's IAM calls, the caller's own account scanned with its own credentials, and AWS's refusals
 * turned into the tool's words.
 */
class AwsOrganizationTest {
    private static final String MANAGEMENT = "999999999999";
    private static final String MEMBER = "111122223333";
    private static final String ASSUMED_KEY = "ASIAMEMBERKEY0000001";
    private static WireMockServer aws;
    private ScanConnection connection;

    @BeforeAll
    static void start() {
        aws = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        aws.start();
    }

    @AfterAll
    static void stop() {
        aws.stop();
        System.setProperty("aws.region", "us-east-1");
    }

    @BeforeEach
    void stubs() {
        aws.resetAll();
        AwsTestEnvironment.use(aws.baseUrl(), "http://127.0.0.1:1");
        System.setProperty("aws.region", "cn-north-1");
        aws.stubFor(query("GetCallerIdentity").willReturn(xml("""
                <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
                <Arn>arn:aws-cn:iam::999999999999:user/auditor</Arn><UserId>AIDAEXAMPLE</UserId>
                <Account>999999999999</Account></GetCallerIdentityResult></GetCallerIdentityResponse>""")));
        aws.stubFor(organizations("DescribeOrganization").willReturn(json("""
                {"Organization":{"Id":"o-a1b2c3d4e5","MasterAccountId":"999999999999","FeatureSet":"ALL"}}""")));
        aws.stubFor(organizations("ListAccounts").withRequestBody(equalToJson("{\"MaxResults\":20}"))
                .willReturn(json("""
                        {"Accounts":[{"Id":"999999999999","Name":"management","Status":"ACTIVE"},
                        {"Id":"111122223333","Name":"prod","Status":"ACTIVE"}],"NextToken":"page-2"}""")));
        aws.stubFor(organizations("ListAccounts").withRequestBody(equalToJson("{\"MaxResults\":20,\"NextToken\":\"page-2\"}"))
                .willReturn(json("""
                        {"Accounts":[{"Id":"444455556666","Name":"closed","Status":"SUSPENDED"}]}""")));
        aws.stubFor(query("ListRoles").withHeader("Authorization", containing("Credential=" + ASSUMED_KEY + "/"))
                .willReturn(xml(rolesPage(MEMBER, "member-role"))));
        aws.stubFor(query("ListRoles").withHeader("Authorization", containing("Credential=AKIATESTTESTTESTTEST/"))
                .willReturn(xml(rolesPage(MANAGEMENT, "management-role"))));
        connection = AwsScanConnection.open(Optional.empty(), FastAws.SETTINGS);
    }

    @AfterEach
    void close() {
        connection.close();
    }

    private static MappingBuilder query(String action) {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
    }

    private static MappingBuilder organizations(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSOrganizationsV20161128." + operation));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    private static String rolesPage(String account, String name) {
        return "<ListRolesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListRolesResult>"
                + "<IsTruncated>false</IsTruncated><Roles><member><Path>/</Path><RoleName>" + name + "</RoleName>"
                + "<RoleId>AROAEXAMPLE" + account + "</RoleId><Arn>arn:aws-cn:iam::" + account + ":role/" + name
                + "</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>%7B%7D"
                + "</AssumeRolePolicyDocument></member></Roles></ListRolesResult></ListRolesResponse>";
    }

    private static String assumed() {
        return """
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
                <AssumedRoleUser><AssumedRoleId>AROAMEMBER:cross-account-mfa-scan</AssumedRoleId>
                <Arn>arn:aws-cn:sts::111122223333:assumed-role/OrganizationAccountAccessRole/cross-account-mfa-scan</Arn>
                </AssumedRoleUser><Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>member-secret</SecretAccessKey>
                <SessionToken>member-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
                </AssumeRoleResult></AssumeRoleResponse>""".formatted(ASSUMED_KEY);
    }

    private static List<String> names(AccountRoles roles) {
        List<String> names = new ArrayList<>();
        roles.forEachRole(r -> names.add(r.name() + " " + r.arn()));
        return names;
    }

    @Test
    void listsEveryPageOfAccountsWithTheCallerAndTheOrganizationId() {
        Organization.Snapshot snapshot = connection.organization("OrganizationAccountAccessRole").describe();

        assertThat(snapshot.id()).isEqualTo("o-a1b2c3d4e5");
        assertThat(snapshot.callerAccount()).isEqualTo(MANAGEMENT);
        assertThat(snapshot.callerArn()).isEqualTo("arn:aws-cn:iam::999999999999:user/auditor");
        assertThat(snapshot.accounts()).containsExactly(new MemberAccount(MANAGEMENT, "management", "ACTIVE"),
                new MemberAccount(MEMBER, "prod", "ACTIVE"), new MemberAccount("444455556666", "closed", "SUSPENDED"));
        aws.verify(2, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSOrganizationsV20161128.ListAccounts")));
    }

    @Test
    void assumesTheExecutionRoleInTheCallersPartitionAndListsTheMembersRolesWithItsCredentials() {
        aws.stubFor(query("AssumeRole").willReturn(xml(assumed())));
        Organization organization = connection.organization("AuditRole");
        organization.describe();

        List<String> roles;
        try (AccountRoles member = organization.open(MEMBER)) {
            roles = names(member);
        }

        assertThat(roles).containsExactly("member-role arn:aws-cn:iam::111122223333:role/member-role");
        aws.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRole&"))
                .withRequestBody(containing("RoleArn=arn%3Aaws-cn%3Aiam%3A%3A111122223333%3Arole%2FAuditRole"))
                .withRequestBody(containing("RoleSessionName=cross-account-mfa-scan")));
    }

    @Test
    void theCallersOwnAccountIsScannedWithItsOwnCredentialsWithoutAssumingARole() {
        Organization organization = connection.organization("OrganizationAccountAccessRole");
        organization.describe();

        List<String> roles;
        try (AccountRoles own = organization.open(MANAGEMENT)) {
            roles = names(own);
        }

        assertThat(roles).containsExactly("management-role arn:aws-cn:iam::999999999999:role/management-role");
        aws.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRole&")));
    }

    @Test
    void aRefusedAssumeRoleNamesTheRoleAndWhatAwsSaid() {
        String denied = "User: arn:aws-cn:iam::999999999999:user/auditor is not authorized to perform: sts:AssumeRole "
                + "on resource: arn:aws-cn:iam::111122223333:role/OrganizationAccountAccessRole";
        aws.stubFor(query("AssumeRole").willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                        + "<Code>AccessDenied</Code><Message>" + denied + "</Message></Error>"
                        + "<RequestId>r-1</RequestId></ErrorResponse>")));
        Organization organization = connection.organization("OrganizationAccountAccessRole");
        organization.describe();

        assertThatThrownBy(() -> organization.open(MEMBER)).isInstanceOfSatisfying(AwsCallException.class, e -> {
            assertThat(e.kind()).isEqualTo(AwsCallException.Kind.ACCESS_DENIED);
            assertThat(e.action()).isEqualTo("sts:AssumeRole");
            assertThat(e.target()).isEqualTo("arn:aws-cn:iam::111122223333:role/OrganizationAccountAccessRole");
            assertThat(ScanMessages.entryFailure(e, "arn:aws-cn:iam::999999999999:user/auditor")).isEqualTo(
                    "cannot assume arn:aws-cn:iam::111122223333:role/OrganizationAccountAccessRole: access denied ("
                            + denied + "); the role does not exist in this account, or its trust policy does not admit "
                            + "arn:aws-cn:iam::999999999999:user/auditor (deploy the role there, or name another with "
                            + "--execution-role-name)");
        });
    }

    @Test
    void aThrottledAssumeRoleIsRetriedByTheSdk() {
        aws.stubFor(query("AssumeRole").inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml").withBody(
                        "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
                                + "</Error><RequestId>r-2</RequestId></ErrorResponse>")).willSetStateTo("calm"));
        aws.stubFor(query("AssumeRole").inScenario("throttle").whenScenarioStateIs("calm").willReturn(xml(assumed())));
        Organization organization = connection.organization("OrganizationAccountAccessRole");
        organization.describe();

        try (AccountRoles member = organization.open(MEMBER)) {
            assertThat(names(member)).hasSize(1);
        }
        aws.verify(2, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRole&")));
    }

    @Test
    void accessDeniedToListAccountsSaysWhichAccountAndPermissionsOrganizationModeNeeds() {
        aws.stubFor(organizations("ListAccounts").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"AccessDeniedException\",\"Message\":\"You don't have permissions to access this resource.\"}")));

        assertThatThrownBy(() -> connection.organization("OrganizationAccountAccessRole").describe())
                .isInstanceOfSatisfying(AwsCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AwsCallException.Kind.ACCESS_DENIED);
                    assertThat(ScanMessages.setupFailure(e, Optional.empty())).startsWith("access denied to "
                            + "organizations:ListAccounts (You don't have permissions to access this resource.); scan "
                            + "--organization needs credentials of the organization's management account");
                });
    }

    @Test
    void anIamFailureInAMemberAccountIsClassifiedWithTheCall() {
        aws.stubFor(query("AssumeRole").willReturn(xml(assumed())));
        aws.stubFor(query("ListRoles").withHeader("Authorization", matching(".*Credential=" + ASSUMED_KEY + "/.*"))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody(
                        "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to "
                                + "perform: iam:ListRoles</Message></Error><RequestId>r-3</RequestId></ErrorResponse>")));
        Organization organization = connection.organization("OrganizationAccountAccessRole");
        organization.describe();

        try (AccountRoles member = organization.open(MEMBER)) {
            assertThatThrownBy(() -> member.forEachRole((RoleRecord r) -> { }))
                    .isInstanceOfSatisfying(AwsCallException.class, e -> {
                        assertThat(e.action()).isEqualTo("iam:ListRoles");
                        assertThat(e.kind()).isEqualTo(AwsCallException.Kind.ACCESS_DENIED);
                        assertThat(e.detail()).isEqualTo("not authorized to perform: iam:ListRoles");
                    });
        }
    }
}
