package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.Deadline;

import io.github.crossaccountmfa.invocation.RuleRunner;

import io.github.crossaccountmfa.invocation.ItemStatus;

import io.github.crossaccountmfa.invocation.ConfigurationItem;

import io.github.crossaccountmfa.invocation.MalformedEventException;
import io.github.crossaccountmfa.invocation.EvaluationHistory;
import io.github.crossaccountmfa.invocation.AwsOperationException;
import io.github.crossaccountmfa.invocation.ResourceEvaluation;

import static io.github.crossaccountmfa.testing.ConfigStub.error;
import static io.github.crossaccountmfa.testing.ConfigStub.json;
import static io.github.crossaccountmfa.testing.ConfigStub.operation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.ConfigStub;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.FastAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/** GetResourceConfigHistory and GetComplianceDetailsByConfigRule through the real SDK client against WireMock. */
class ConfigReadAdaptersTest {
    private static final Instant CAPTURE = Instant.parse("2024-03-01T10:05:12.345Z");
    private static final String POLICY = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22"
            + "%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A210987654321%3Aroot%22%7D%2C"
            + "%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";
    private static ConfigStub stub;
    private static AwsClients clients;
    private static AwsConfigApi config;

    @BeforeAll
    static void startStub() {
        stub = new ConfigStub();
        AwsTestEnvironment.use("http://127.0.0.1:1", stub.endpoint());
        clients = FastAws.clients();
        config = clients.config();
    }

    @AfterAll
    static void stopStub() {
        clients.close();
        stub.close();
    }

    @BeforeEach
    void reset() {
        stub.reset();
    }

    static String historyItem(String configuration) {
        return """
                {"configurationItems":[{"version":"1.3","accountId":"123456789012",
                 "configurationItemCaptureTime":1709287512.345,"configurationItemStatus":"OK",
                 "configurationStateId":"1709287512345","configurationItemMD5Hash":"",
                 "arn":"arn:aws:iam::123456789012:role/partner-audit","resourceType":"AWS::IAM::Role",
                 "resourceId":"AROAEXAMPLEROLEID0001","resourceName":"partner-audit","awsRegion":"global",
                 "availabilityZone":"Not Applicable","resourceCreationTime":1709287200.0,
                 "tags":{"team":"audit"},"relatedEvents":[],"relationships":[],
                 "configuration":%s,"supplementaryConfiguration":{}}]}""".formatted(configuration);
    }

    /** The API carries {@code configuration} as a JSON document inside a string. */
    static String roleConfiguration(String policy) {
        String configuration = """
                {"path":"/","roleName":"partner-audit","roleId":"AROAEXAMPLEROLEID0001",\
                "arn":"arn:aws:iam::123456789012:role/partner-audit","assumeRolePolicyDocument":"%s",\
                "tags":[{"key":"mfa-exempt","value":""}]}""".formatted(policy);
        return new com.fasterxml.jackson.databind.node.TextNode(configuration).toString();
    }

    @Test
    void oversizedItemIsFetchedFromConfigHistoryAtItsCaptureTime() {
        stub.server().stubFor(operation("GetResourceConfigHistory").willReturn(json(historyItem(roleConfiguration(POLICY)))));

        ConfigurationItem item = new ConfigHistoryFetcher(config).fetch("AWS::IAM::Role", "AROAEXAMPLEROLEID0001", CAPTURE);

        assertThat(stub.bodies("GetResourceConfigHistory")).containsExactly(Events.json("""
                {"resourceType":"AWS::IAM::Role","resourceId":"AROAEXAMPLEROLEID0001",
                 "laterTime":1709287512.345,"limit":1}"""));
        assertThat(item.resourceId()).isEqualTo("AROAEXAMPLEROLEID0001");
        assertThat(item.status()).isEqualTo(ItemStatus.OK);
        assertThat(item.captureTime()).isEqualTo(CAPTURE);
        assertThat(item.arn()).contains("arn:aws:iam::123456789012:role/partner-audit");
        assertThat(item.tags()).containsEntry("team", "audit").containsEntry("mfa-exempt", "");
        assertThat(item.configuration()).hasValueSatisfying(conf ->
                assertThat(conf.get("assumeRolePolicyDocument").textValue()).isEqualTo(POLICY));
    }

    @Test
    void oversizedNotificationIsEvaluatedFromTheFetchedItemEndToEnd() {
        stub.server().stubFor(operation("GetResourceConfigHistory").willReturn(json(historyItem(roleConfiguration(POLICY)))));
        RuleRunner runner = new RuleRunner(new AwsRuleBackends(FastAws::clients, FastAws.RETRY));

        runner.run(Events.event("oversized.json"), Deadline.none());

        assertThat(stub.evaluations()).singleElement().satisfies(e -> {
            assertThat(e.get("ComplianceResourceId").textValue()).isEqualTo("AROAEXAMPLEROLEID0001");
            assertThat(e.get("ComplianceType").textValue()).isEqualTo("NON_COMPLIANT");
            assertThat(e.get("OrderingTimestamp").decimalValue()).isEqualByComparingTo("1709287512.345");
        });
        assertThat(stub.putEvaluations()).singleElement()
                .satisfies(body -> assertThat(body.get("TestMode").booleanValue()).isTrue());
    }

    @Test
    void historyWithoutTheItemFailsTheInvocationNamingTheResource() {
        stub.server().stubFor(operation("GetResourceConfigHistory").willReturn(json("{\"configurationItems\":[]}")));

        assertThatThrownBy(() -> new ConfigHistoryFetcher(config).fetch("AWS::IAM::Role", "AROAEXAMPLEROLEID0001", CAPTURE))
                .isInstanceOf(AwsOperationException.class)
                .hasMessage("Config GetResourceConfigHistory returned no configuration item for AWS::IAM::Role "
                        + "AROAEXAMPLEROLEID0001 captured at or before 2024-03-01T10:05:12.345Z");
    }

    @Test
    void resourceUnknownToConfigFailsWithTheAwsError() {
        stub.server().stubFor(operation("GetResourceConfigHistory").willReturn(
                error(400, "ResourceNotDiscoveredException", "Resource AROAEXAMPLEROLEID0001 of resourceType:AWS::IAM::Role is unknown or has not been discovered")));

        assertThatThrownBy(() -> new ConfigHistoryFetcher(config).fetch("AWS::IAM::Role", "AROAEXAMPLEROLEID0001", CAPTURE))
                .isInstanceOf(AwsOperationException.class)
                .hasMessageStartingWith("Config GetResourceConfigHistory for AWS::IAM::Role AROAEXAMPLEROLEID0001 failed: "
                        + "ResourceNotDiscoveredException: Resource AROAEXAMPLEROLEID0001");
    }

    @Test
    void fetchedItemWithConfigurationThatIsNotJsonIsRejected() {
        stub.server().stubFor(operation("GetResourceConfigHistory").willReturn(json(historyItem("\"{not json\""))));

        assertThatThrownBy(() -> new ConfigHistoryFetcher(config).fetch("AWS::IAM::Role", "AROAEXAMPLEROLEID0001", CAPTURE))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("GetResourceConfigHistory item: configuration is not valid JSON");
    }

    @Test
    void storedResultsArePagedWithTheMaximumPageSizeForBothVerdicts() {
        stub.server().stubFor(operation("GetComplianceDetailsByConfigRule")
                .withRequestBody(WireMock.notContaining("NextToken"))
                .willReturn(json(results("page-2", "AROA1", "AROA2"))));
        stub.server().stubFor(operation("GetComplianceDetailsByConfigRule")
                .withRequestBody(WireMock.containing("\"NextToken\":\"page-2\""))
                .willReturn(json(results(null, "AROA3"))));
        List<EvaluationHistory.Result> seen = new ArrayList<>();

        new ConfigEvaluationHistory(config).forEachResult("cross-account-mfa-rule", seen::add);

        assertThat(seen).extracting(EvaluationHistory.Result::resourceId).containsExactly("AROA1", "AROA2", "AROA3");
        assertThat(seen.get(0).orderingTimestamp()).contains(Instant.parse("2024-03-02T00:00:00Z"));
        List<JsonNode> bodies = stub.bodies("GetComplianceDetailsByConfigRule");
        assertThat(bodies).containsExactly(
                Events.json("{\"ConfigRuleName\":\"cross-account-mfa-rule\",\"ComplianceTypes\":[\"COMPLIANT\",\"NON_COMPLIANT\"],\"Limit\":100}"),
                Events.json("{\"ConfigRuleName\":\"cross-account-mfa-rule\",\"ComplianceTypes\":[\"COMPLIANT\",\"NON_COMPLIANT\"],\"Limit\":100,\"NextToken\":\"page-2\"}"));
    }

    @Test
    void cleanUpFailureFailsTheSweepNamingTheRule() {
        stub.server().stubFor(operation("GetComplianceDetailsByConfigRule")
                .willReturn(error(400, "NoSuchConfigRuleException", "The ConfigRule 'cross-account-mfa-rule' provided in the request is invalid.")));

        assertThatThrownBy(() -> new ConfigEvaluationHistory(config).forEachResult("cross-account-mfa-rule", r -> { }))
                .isInstanceOf(AwsOperationException.class)
                .hasMessageStartingWith("Config GetComplianceDetailsByConfigRule for rule cross-account-mfa-rule failed: "
                        + "NoSuchConfigRuleException");
    }

    @Test
    void evaluationsKeepTheirOrderAndComplianceThroughTheSdk() {
        new ConfigEvaluationSink(config).put("t", List.of(
                ResourceEvaluation.notApplicable("AWS::IAM::Role", "AROA1", "Role was deleted", CAPTURE),
                new ResourceEvaluation("AWS::IAM::Role", "AROA2", Compliance.COMPLIANT, "MFA required", CAPTURE)));

        assertThat(stub.evaluations()).extracting(e -> e.get("ComplianceType").textValue())
                .containsExactly("NOT_APPLICABLE", "COMPLIANT");
    }

    static String results(String nextToken, String... ids) {
        StringBuilder out = new StringBuilder("{\"EvaluationResults\":[");
        for (int i = 0; i < ids.length; i++) {
            out.append(i == 0 ? "" : ",").append("""
                    {"EvaluationResultIdentifier":{"EvaluationResultQualifier":{"ConfigRuleName":"cross-account-mfa-rule",
                     "ResourceType":"AWS::IAM::Role","ResourceId":"%s","EvaluationMode":"DETECTIVE"},
                     "OrderingTimestamp":1709337600.0},
                     "ComplianceType":"NON_COMPLIANT","ResultRecordedTime":1709337601.0,"ConfigRuleInvokedTime":1709337600.5}"""
                    .formatted(ids[i]));
        }
        out.append("]");
        Optional.ofNullable(nextToken).ifPresent(t -> out.append(",\"NextToken\":\"").append(t).append('"'));
        return out.append('}').toString();
    }
}
