package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.AwsOperationException;
import io.github.crossaccountmfa.invocation.DeadlineException;
import io.github.crossaccountmfa.invocation.RuleRunner;
import io.github.crossaccountmfa.invocation.RuleEvent;
import io.github.crossaccountmfa.invocation.Deadline;
import io.github.crossaccountmfa.invocation.RunSummary;


import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.github.crossaccountmfa.testing.ConfigStub.error;
import static io.github.crossaccountmfa.testing.ConfigStub.json;
import static io.github.crossaccountmfa.testing.ConfigStub.operation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.ConfigStub;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.FastAws;
import io.github.crossaccountmfa.testing.MotoServer;
import io.github.crossaccountmfa.testing.SlowCalls;
import java.time.Duration;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The periodic sweep with the real SDK clients: IAM is a moto server holding 1005 roles with real trust policies
 * (reached through a WireMock proxy that counts calls and injects faults), AWS Config is a WireMock stub whose
 * PutEvaluations request bodies are checked field by field.
 */
@Tag("moto")
@ExtendWith(MotoServer.class)
class SweepIntegrationTest {
    private static final int INTERNAL_ROLES = 998;
    private static final int ALL_ROLES = INTERNAL_ROLES + 7;
    private static final BigDecimal SWEEP_TIME = new BigDecimal("1709424000.123"); // 2024-03-03T00:00:00.123Z
    private static final String TOKEN = "sweep-result-token";
    private static final String OWN = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},\
            "Action":"sts:AssumeRole"}]}""";
    private static final String LAMBDA = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},\
            "Action":"sts:AssumeRole"}]}""";
    private static final String THIRD_PARTY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},\
            "Action":"sts:AssumeRole"}]}""";
    private static final String THIRD_PARTY_MFA = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},\
            "Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}""";

    private static WireMockServer iam;
    private static ConfigStub config;
    private static final Map<String, String> ids = new HashMap<>();
    /** The id ListRoles returns first (moto keeps creation order), so it is in the first PutEvaluations batch. */
    private static String firstListed;

    @BeforeAll
    static void createRoles() {
        MotoServer.reset();
        AwsTestEnvironment.use(MotoServer.endpoint(), "http://127.0.0.1:1");
        try (IamClient direct = FastAws.clients().iam()) {
            // One at a time: moto is not thread-safe (concurrent CreateRole calls fail with "dictionary changed size
            // during iteration", more often the more loaded the machine is).
            for (int i = 0; i < INTERNAL_ROLES; i++) {
                String name = "internal-%04d".formatted(i);
                String policy = i % 10 == 0 ? LAMBDA : OWN;
                direct.createRole(r -> r.roleName(name).assumeRolePolicyDocument(policy));
            }
            for (int i = 0; i < 3; i++) {
                int n = i;
                direct.createRole(r -> r.roleName("partner-" + n).assumeRolePolicyDocument(THIRD_PARTY));
            }
            direct.createRole(r -> r.roleName("partner-mfa").assumeRolePolicyDocument(THIRD_PARTY_MFA));
            direct.createRole(r -> r.roleName("vendor-exempt").assumeRolePolicyDocument(THIRD_PARTY)
                    .tags(t -> t.key("mfa-exempt").value("Vendor automation, SEC-42")));
            direct.createRole(r -> r.roleName("AWSServiceRoleForSupport").path("/aws-service-role/support.amazonaws.com/")
                    .assumeRolePolicyDocument(THIRD_PARTY));
            direct.createRole(r -> r.roleName("tagged-internal").assumeRolePolicyDocument(OWN)
                    .tags(t -> t.key("mfa-exempt").value("never needed")));
            direct.listRolesPaginator(r -> r.maxItems(1000)).roles().forEach(role -> ids.put(role.roleName(), role.roleId()));
            firstListed = direct.listRoles(r -> r.maxItems(1)).roles().get(0).roleId();
        }
        assertThat(ids).hasSize(ALL_ROLES);
    }

    /**
     * Fresh servers for every test: a delayed response that a test's client gave up on is still being served when the
     * test ends, and must not show up in the next test's requests. Stopping the server ends it.
     */
    @BeforeEach
    void startServers() {
        iam = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(8));
        iam.start();
        iam.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().proxiedFrom(MotoServer.endpoint())));
        config = new ConfigStub();
        config.server().stubFor(operation("GetComplianceDetailsByConfigRule").atPriority(10)
                .withRequestBody(notContaining("NextToken"))
                .willReturn(json(ConfigReadAdaptersTest.results("page-2", ids.get("partner-0"), "AROADELETEDROLE00001"))));
        config.server().stubFor(operation("GetComplianceDetailsByConfigRule").atPriority(10)
                .withRequestBody(containing("\"NextToken\":\"page-2\""))
                .willReturn(json(ConfigReadAdaptersTest.results(null, "AROADELETEDROLE00002")
                        .replace("]}", "," + newerResult("AROANEWERROLE0000001") + "]}"))));
        AwsTestEnvironment.use("http://127.0.0.1:" + iam.port(), config.endpoint());
    }

    @AfterEach
    void stopServers() {
        iam.stop();
        config.close();
    }

    private static RunSummary sweep(Supplier<AwsClients> clients) {
        return sweep(clients, Duration.ZERO, Deadline.none());
    }

    private static RunSummary sweep(Supplier<AwsClients> clients, Duration safetyMargin, Deadline deadline) {
        String event = Events.withEnvelope("scheduled.json", e -> {
            e.put("resultToken", TOKEN);
            e.put("ruleParameters", "{\"ExemptionTagKey\":\"mfa-exempt\"}");
        });
        return new RuleRunner(new AwsRuleBackends(clients, FastAws.RETRY), safetyMargin)
                .run(RuleEvent.fromJson(event), deadline);
    }

    private static RunSummary sweep() {
        return sweep(FastAws::clients);
    }

    @Test
    void periodicSweepReportsEveryRoleOnceInBatchesOfAtMostOneHundredFromTwoListRolesPages() {
        RunSummary summary = sweep();

        List<JsonNode> bodies = config.putEvaluations();
        assertThat(bodies).extracting(b -> b.get("Evaluations").size())
                .containsExactly(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 7);
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode body : bodies) {
            assertThat(fieldNames(body)).containsExactlyInAnyOrder("Evaluations", "ResultToken", "TestMode");
            assertThat(body.get("ResultToken").textValue()).isEqualTo(TOKEN);
            assertThat(body.get("TestMode").booleanValue()).isFalse();
            for (JsonNode e : body.get("Evaluations")) {
                assertThat(fieldNames(e)).containsExactlyInAnyOrder("ComplianceResourceType", "ComplianceResourceId",
                        "ComplianceType", "Annotation", "OrderingTimestamp");
                assertThat(e.get("ComplianceResourceType").textValue()).isEqualTo("AWS::IAM::Role");
                assertThat(e.get("OrderingTimestamp").decimalValue()).isEqualByComparingTo(SWEEP_TIME);
                assertThat(e.get("Annotation").textValue()).isNotEmpty().hasSizeLessThanOrEqualTo(256);
                assertThat(byId.put(e.get("ComplianceResourceId").textValue(), e)).as("reported twice").isNull();
            }
        }
        Set<String> expected = new HashSet<>(ids.values());
        expected.add("AROADELETEDROLE00001");
        expected.add("AROADELETEDROLE00002");
        assertThat(byId.keySet()).isEqualTo(expected);

        for (int i = 0; i < 3; i++) {
            JsonNode e = byId.get(ids.get("partner-" + i));
            assertThat(e.get("ComplianceType").textValue()).isEqualTo("NON_COMPLIANT");
            assertThat(e.get("Annotation").textValue())
                    .startsWith("Assumable without MFA by arn:aws:iam::210987654321:root");
        }
        assertThat(compliance(byId, ids.get("partner-mfa"))).isEqualTo("COMPLIANT");
        assertThat(compliance(byId, ids.get("vendor-exempt"))).isEqualTo("NOT_APPLICABLE");
        assertThat(byId.get(ids.get("vendor-exempt")).get("Annotation").textValue()).contains("Vendor automation, SEC-42");
        assertThat(compliance(byId, ids.get("AWSServiceRoleForSupport"))).isEqualTo("NOT_APPLICABLE");
        assertThat(compliance(byId, ids.get("tagged-internal"))).isEqualTo("NOT_APPLICABLE");
        assertThat(compliance(byId, ids.get("internal-0000"))).isEqualTo("NOT_APPLICABLE");
        assertThat(byId.get("AROADELETEDROLE00001").get("Annotation").textValue())
                .isEqualTo("Role no longer exists (not returned by ListRoles)");

        assertThat(iamCalls("ListRoles")).hasSize(2);
        assertThat(iamCalls("ListRoleTags")).extracting(SweepIntegrationTest::roleName)
                .containsExactlyInAnyOrder("partner-0", "partner-1", "partner-2", "vendor-exempt");
        assertThat(iamCalls("GetRole")).isEmpty();
        assertThat(config.bodies("GetComplianceDetailsByConfigRule")).hasSize(2);
        assertThat(summary.rolesListed()).isEqualTo(ALL_ROLES);
        assertThat(summary.nonCompliant()).isEqualTo(3);
        assertThat(summary.compliant()).isEqualTo(1);
        assertThat(summary.cleanedUp()).isEqualTo(2);
        assertThat(summary.putCalls()).isEqualTo(11);
    }

    @Test
    void throttlingServerErrorsAndConnectionResetsFromIamAreRetriedAndTheSweepCompletes() {
        failOnce(iamCall("ListRoles").withRequestBody(notContaining("Marker")), "throttle",
                iamError(400, "Throttling", "Rate exceeded"));
        failOnce(iamCall("ListRoles").withRequestBody(containing("Marker")), "page-2",
                iamError(500, "ServiceFailure", "Request processing has failed due to an unknown error."));
        failOnce(iamCall("ListRoleTags"), "reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        RunSummary summary = sweep();

        assertThat(summary.total()).isEqualTo(ALL_ROLES + 2);
        assertThat(config.evaluations()).hasSize(ALL_ROLES + 2);
        assertThat(iamCalls("ListRoles")).hasSize(4);
        assertThat(iamCalls("ListRoleTags")).hasSize(5);
    }

    @Test
    void slowIamResponseTimesOutAndIsRetried() {
        // The timeout is ten times the slowest of three full ListRoles pages through the proxy, measured now, on
        // this machine under its present load; the injected delay is four times the timeout.
        Duration timeout;
        try (AwsClients clients = FastAws.clients(); IamClient measured = clients.iam()) {
            timeout = SlowCalls.timeoutAbove(() -> measured.listRoles(r -> r.maxItems(1000)));
        }
        iam.resetRequests();
        failOnce(iamCall("ListRoles").withRequestBody(notContaining("Marker")), "slow",
                aResponse().proxiedFrom(MotoServer.endpoint()).withFixedDelay(SlowCalls.delayMillisBeyond(timeout)));

        RunSummary summary = sweep(() -> FastAws.clientsWithTimeout(timeout));

        assertThat(summary.rolesListed()).isEqualTo(ALL_ROLES);
        assertThat(iamCalls("ListRoles")).as("the slow first page, its retry, the second page").hasSize(3);
    }

    @Test
    void aSlowConfigEndpointEndsInAReportedDeadlineFailureBeforeTheLambdaTimeout() {
        // The timeout is ten times the slowest normal call of the sweep (a full ListRoles page), measured now.
        Duration timeout;
        try (AwsClients clients = FastAws.clients(); IamClient measured = clients.iam()) {
            ConfigEvaluationSink normal = new ConfigEvaluationSink(clients.config());
            timeout = SlowCalls.timeoutAbove(() -> {
                measured.listRoles(r -> r.maxItems(1000));
                normal.put("warm-up", List.of());
            });
        }
        config.reset();
        iam.resetRequests();
        // Every PutEvaluations takes three quarters of the timeout (no attempt times out). The first batches go out
        // at once (ConfigEvaluationSink.CONCURRENT_CALLS of them); the next one can start only when one of them is
        // done, by which time less than its worst case plus the margin is left.
        config.server().stubFor(operation("PutEvaluations").atPriority(1)
                .willReturn(json("{\"FailedEvaluations\":[]}")
                        .withFixedDelay(Math.toIntExact(timeout.multipliedBy(3).dividedBy(4).toMillis()))));
        AwsClients.Settings settings = FastAws.withTimeout(timeout);
        Duration margin = timeout.multipliedBy(2);
        // Enough for any one call's worst case plus the margin, with half a timeout (five normal calls) to spare for
        // the first ListRoles page; not enough once the first PutEvaluations calls have used three quarters of one.
        long lambdaMillis = settings.worstCase().plus(margin).plus(timeout.dividedBy(2)).toMillis();
        long start = System.currentTimeMillis();
        Deadline deadline = Deadline.atEpochMillis(start + lambdaMillis);

        assertThatThrownBy(() -> sweep(() -> AwsClients.fromEnvironment(java.util.Optional.empty(), settings), margin,
                deadline))
                .isInstanceOf(DeadlineException.class)
                .hasMessageMatching("Periodic sweep stopped before .+ after \\d+ roles: .*")
                .hasMessageContaining("less than that call's worst case (" + settings.worstCase().toMillis() + " ms");
        assertThat(System.currentTimeMillis() - start).as("reported before the Lambda's deadline")
                .isLessThan(lambdaMillis);
        assertThat(config.putEvaluations()).as("the batches sent at once, not the whole sweep")
                .hasSizeBetween(ConfigEvaluationSink.CONCURRENT_CALLS, (ALL_ROLES + 99) / 100 - 1)
                .allSatisfy(body -> assertThat(body.get("Evaluations")).hasSize(100));
        assertThat(config.bodies("GetComplianceDetailsByConfigRule")).as("no clean-up after a partial sweep").isEmpty();
    }

    @Test
    void throttlingAndRefusedEvaluationsFromConfigAreRetriedAndEveryRoleIsDelivered() {
        config.server().stubFor(operation("PutEvaluations").inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("refuse"));
        config.server().stubFor(operation("PutEvaluations").inScenario("throttle").whenScenarioStateIs("refuse")
                .willReturn(json("""
                        {"FailedEvaluations":[{"ComplianceResourceType":"AWS::IAM::Role","ComplianceResourceId":"%s",
                         "ComplianceType":"NOT_APPLICABLE","OrderingTimestamp":1709424000.123}]}"""
                        .formatted(firstListed))).willSetStateTo("ok"));

        sweep();

        List<JsonNode> bodies = config.putEvaluations();
        // 11 batches, the throttled call's retry by the SDK, and the retry after FailedEvaluations: batches go out
        // concurrently, so the refusal may come back for a batch without that role, which is then sent again whole;
        // and two requests that arrive together may both see a scenario state before the stub moves it on (one
        // more throttle or refusal, and one more retry).
        assertThat(bodies).hasSizeBetween(13, 15);
        boolean retriedAlone = bodies.stream().anyMatch(b -> b.get("Evaluations").size() == 1
                && b.get("Evaluations").get(0).get("ComplianceResourceId").textValue().equals(firstListed));
        long copies = bodies.size() - bodies.stream().map(b -> b.get("Evaluations")).distinct().count();
        assertThat(retriedAlone || copies >= 2).as("the refused evaluation, or its whole batch, was sent again").isTrue();
        Set<String> delivered = new HashSet<>();
        bodies.forEach(b -> b.get("Evaluations")
                .forEach(e -> delivered.add(e.get("ComplianceResourceId").textValue())));
        assertThat(delivered).hasSize(ALL_ROLES + 2);
    }

    @Test
    void accessDeniedOnListRolesFailsTheSweepBeforeAnythingIsReported() {
        iam.stubFor(iamCall("ListRoles").atPriority(1).willReturn(iamError(403, "AccessDenied",
                "User: arn:aws:sts::123456789012:assumed-role/rule/fn is not authorized to perform: iam:ListRoles")));

        assertThatThrownBy(SweepIntegrationTest::sweep)
                .isInstanceOf(AwsOperationException.class)
                .hasMessageStartingWith("IAM ListRoles failed: AccessDenied: User: arn:aws:sts::123456789012:"
                        + "assumed-role/rule/fn is not authorized to perform: iam:ListRoles (HTTP 403");
        assertThat(config.putEvaluations()).isEmpty();
        assertThat(iamCalls("ListRoles")).hasSize(1);
    }

    @Test
    void failureOnTheSecondPageFailsTheSweepWithoutCleaningUpAfterAPartialListing() {
        iam.stubFor(iamCall("ListRoles").atPriority(1).withRequestBody(containing("Marker"))
                .willReturn(iamError(500, "ServiceFailure", "Request processing has failed due to an unknown error.")));

        assertThatThrownBy(SweepIntegrationTest::sweep)
                .isInstanceOf(AwsOperationException.class)
                .hasMessageStartingWith("IAM ListRoles failed: ServiceFailure");
        assertThat(config.evaluations()).hasSizeLessThanOrEqualTo(1000)
                .noneSatisfy(e -> assertThat(e.get("ComplianceResourceId").textValue()).startsWith("AROADELETED"));
        assertThat(config.bodies("GetComplianceDetailsByConfigRule")).isEmpty();
        assertThat(iamCalls("ListRoles")).hasSize(1 + FastAws.SETTINGS.maxAttempts());
    }

    private static MappingBuilder iamCall(String action) {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
    }

    private static ResponseDefinitionBuilder iamError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody("""
                <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>\
                <Code>%s</Code><Message>%s</Message></Error><RequestId>req-%s</RequestId></ErrorResponse>"""
                .formatted(code, message, code));
    }

    private static void failOnce(MappingBuilder call, String scenario, ResponseDefinitionBuilder response) {
        iam.stubFor(call.atPriority(1).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(response).willSetStateTo("recovered"));
    }

    private static List<LoggedRequest> iamCalls(String action) {
        return iam.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&")));
    }

    private static String roleName(LoggedRequest request) {
        for (String pair : request.getBodyAsString().split("&")) {
            if (pair.startsWith("RoleName=")) {
                return URLDecoder.decode(pair.substring("RoleName=".length()), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static String compliance(Map<String, JsonNode> byId, String id) {
        return byId.get(id).get("ComplianceType").textValue();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A result reported after this sweep's notification time: a role created since, not stale. */
    private static String newerResult(String id) {
        return """
                {"EvaluationResultIdentifier":{"EvaluationResultQualifier":{"ConfigRuleName":"cross-account-mfa-rule",
                 "ResourceType":"AWS::IAM::Role","ResourceId":"%s"},"OrderingTimestamp":1709424060.0},
                 "ComplianceType":"COMPLIANT"}""".formatted(id);
    }
}
