package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.AwsOperationException;
import io.github.crossaccountmfa.invocation.CallGuard;
import io.github.crossaccountmfa.invocation.DeadlineException;
import io.github.crossaccountmfa.invocation.ResourceEvaluation;
import io.github.crossaccountmfa.invocation.DeliveryException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.github.crossaccountmfa.testing.ConfigStub.error;
import static io.github.crossaccountmfa.testing.ConfigStub.json;
import static io.github.crossaccountmfa.testing.ConfigStub.operation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.ConfigStub;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.FastAws;
import io.github.crossaccountmfa.testing.SlowCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/** PutEvaluations through the real SDK client against a WireMock Config endpoint, faults included. */
class ConfigEvaluationSinkTest {
    private static final Instant TIME = Instant.parse("2024-03-01T10:05:12.345Z");
    private static ConfigStub stub;
    private static AwsClients clients;
    private static AwsConfigApi config;

    private final List<Duration> sleeps = new ArrayList<>();
    private ConfigEvaluationSink sink;

    @BeforeAll
    static void startStub() {
        stub = new ConfigStub();
        AwsTestEnvironment.use("http://127.0.0.1:1", stub.endpoint());
        clients = FastAws.clients();
        config = clients.config();
        // The first call of a JVM is slow (class loading on both ends): keep it out of the timed fault tests.
        new ConfigEvaluationSink(config).put("warm-up", List.of());
    }

    @AfterAll
    static void stopStub() {
        clients.close();
        stub.close();
    }

    @BeforeEach
    void setUp() {
        stub.reset();
        sink = new ConfigEvaluationSink(config, FastAws.RETRY, sleeps::add);
    }

    private static List<ResourceEvaluation> evaluations(String... ids) {
        List<ResourceEvaluation> list = new ArrayList<>();
        for (String id : ids) {
            list.add(new ResourceEvaluation("AWS::IAM::Role", id, Compliance.NON_COMPLIANT,
                    "Assumable without MFA by arn:aws:iam::210987654321:root", TIME));
        }
        return list;
    }

    @Test
    void sendsExactlyTheFieldsPutEvaluationsExpects() {
        sink.put("token-abc", List.of(
                new ResourceEvaluation("AWS::IAM::Role", "AROAEXAMPLEROLEID0001", Compliance.NON_COMPLIANT,
                        "Assumable without MFA by arn:aws:iam::210987654321:root (statement 1, sts:AssumeRole)", TIME),
                new ResourceEvaluation("AWS::IAM::Role", "AROAEXAMPLEROLEID0002", Compliance.NOT_APPLICABLE,
                        "Role was deleted", TIME.plusMillis(1))));

        assertThat(stub.putEvaluations()).containsExactly(Events.json("""
                {"Evaluations":[
                  {"ComplianceResourceType":"AWS::IAM::Role","ComplianceResourceId":"AROAEXAMPLEROLEID0001",
                   "ComplianceType":"NON_COMPLIANT",
                   "Annotation":"Assumable without MFA by arn:aws:iam::210987654321:root (statement 1, sts:AssumeRole)",
                   "OrderingTimestamp":1709287512.345},
                  {"ComplianceResourceType":"AWS::IAM::Role","ComplianceResourceId":"AROAEXAMPLEROLEID0002",
                   "ComplianceType":"NOT_APPLICABLE","Annotation":"Role was deleted",
                   "OrderingTimestamp":1709287512.346}],
                 "ResultToken":"token-abc","TestMode":false}"""));
        assertThat(stub.server().getAllServeEvents()).singleElement().satisfies(event ->
                assertThat(event.getRequest().getHeader("Content-Type")).isEqualTo(ConfigStub.CONTENT_TYPE));
    }

    @Test
    void testModeTokenSetsTestMode() {
        sink.put("TESTMODE", evaluations("AROA1"));

        assertThat(stub.putEvaluations()).singleElement().satisfies(body -> {
            assertThat(body.get("TestMode").booleanValue()).isTrue();
            assertThat(body.get("ResultToken").textValue()).isEqualTo("TESTMODE");
        });
    }

    @Test
    void emptyBatchIsSentToCloseTheResultToken() {
        sink.put("token", List.of());

        assertThat(stub.putEvaluations()).singleElement()
                .satisfies(body -> assertThat(body.get("Evaluations")).isEmpty());
    }

    @Test
    void failedEvaluationsAreSentAgainWithBackoffUntilAccepted() {
        stub.server().stubFor(operation("PutEvaluations").inScenario("partial").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json("""
                        {"FailedEvaluations":[{"ComplianceResourceType":"AWS::IAM::Role",
                         "ComplianceResourceId":"AROA2","ComplianceType":"NON_COMPLIANT",
                         "OrderingTimestamp":1709287512.345}]}"""))
                .willSetStateTo("accepted"));

        sink.put("token", evaluations("AROA1", "AROA2", "AROA3"));

        List<com.fasterxml.jackson.databind.JsonNode> bodies = stub.putEvaluations();
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1).get("Evaluations")).singleElement().satisfies(e -> {
            assertThat(e.get("ComplianceResourceId").textValue()).isEqualTo("AROA2");
            assertThat(e.get("Annotation").textValue()).startsWith("Assumable without MFA");
        });
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void evaluationsStillRefusedAfterRetriesFailTheInvocationListingThem() {
        stub.server().stubFor(operation("PutEvaluations").willReturn(json("""
                {"FailedEvaluations":[
                  {"ComplianceResourceType":"AWS::IAM::Role","ComplianceResourceId":"AROA1","ComplianceType":"NON_COMPLIANT","OrderingTimestamp":1},
                  {"ComplianceResourceType":"AWS::IAM::Role","ComplianceResourceId":"AROA3","ComplianceType":"NON_COMPLIANT","OrderingTimestamp":1}]}""")));

        assertThatThrownBy(() -> sink.put("token", evaluations("AROA1", "AROA2", "AROA3")))
                .isInstanceOf(DeliveryException.class)
                .hasMessage("PutEvaluations did not accept 2 of 3 evaluations after 4 attempts: AROA1, AROA3")
                .satisfies(e -> assertThat(((DeliveryException) e).failedResourceIds()).containsExactly("AROA1", "AROA3"));
        assertThat(stub.putEvaluations()).hasSize(4);
        assertThat(sleeps).hasSize(3).isSorted();
    }

    @Test
    void throttlingIsRetriedByTheSdkAndDelivered() {
        failFirst(error(400, "ThrottlingException", "Rate exceeded"));

        sink.put("token", evaluations("AROA1"));

        assertThat(stub.putEvaluations()).hasSize(2);
    }

    @Test
    void serverErrorIsRetriedByTheSdkAndDelivered() {
        failFirst(error(500, "InternalFailure", "We encountered an internal error."));

        sink.put("token", evaluations("AROA1"));

        assertThat(stub.putEvaluations()).hasSize(2);
    }

    @Test
    void connectionResetIsRetriedByTheSdkAndDelivered() {
        failFirst(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        sink.put("token", evaluations("AROA1"));

        assertThat(stub.putEvaluations()).hasSize(2);
    }

    @Test
    void slowResponseTimesOutAndIsRetried() {
        // A stub of its own: the delayed response outlives the client's patience, and must not reach other tests.
        try (ConfigStub slow = new ConfigStub(); AwsClients clients = FastAws.clientsWithTimeout(Duration.ofSeconds(60))) {
            AwsTestEnvironment.use("http://127.0.0.1:1", slow.endpoint());
            AwsConfigApi normal = clients.config();
            Duration timeout = SlowCalls.timeoutAbove(() -> new ConfigEvaluationSink(normal).put("t", evaluations("A")));
            slow.reset();
            slow.server().stubFor(operation("PutEvaluations").inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(json("{\"FailedEvaluations\":[]}").withFixedDelay(SlowCalls.delayMillisBeyond(timeout)))
                    .willSetStateTo("recovered"));

            try (AwsClients impatient = FastAws.clientsWithTimeout(timeout)) {
                new ConfigEvaluationSink(impatient.config(), FastAws.RETRY, sleeps::add).put("token", evaluations("AROA1"));
            }

            assertThat(slow.putEvaluations()).hasSize(2);
        } finally {
            AwsTestEnvironment.use("http://127.0.0.1:1", stub.endpoint());
        }
    }

    @Test
    void aFailedEntryThatMatchesNothingSentSendsTheWholeBatchAgain() {
        stub.server().stubFor(operation("PutEvaluations").inScenario("echo").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json("""
                        {"FailedEvaluations":[
                          {"ComplianceResourceType":"AWS::IAM::Role","ComplianceResourceId":"AROA2","ComplianceType":"NON_COMPLIANT","OrderingTimestamp":1},
                          {"ComplianceResourceType":"AWS::IAM::Role","ComplianceResourceId":"AROA-NEVER-SENT","ComplianceType":"NON_COMPLIANT","OrderingTimestamp":1}]}"""))
                .willSetStateTo("accepted"));

        sink.put("token", evaluations("AROA1", "AROA2", "AROA3"));

        List<com.fasterxml.jackson.databind.JsonNode> bodies = stub.putEvaluations();
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1).get("Evaluations")).extracting(e -> e.get("ComplianceResourceId").textValue())
                .containsExactly("AROA1", "AROA2", "AROA3");
    }

    @Test
    void everyAttemptAndEveryRetryIsPrecededByTheDeadlineCheckWithItsWorstCase() {
        stub.server().stubFor(operation("PutEvaluations").inScenario("partial").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json("""
                        {"FailedEvaluations":[{"ComplianceResourceType":"AWS::IAM::Role","ComplianceResourceId":"AROA2",
                         "ComplianceType":"NON_COMPLIANT","OrderingTimestamp":1}]}"""))
                .willSetStateTo("accepted"));
        List<String> checks = new ArrayList<>();
        CallGuard guard = (call, worstCase) -> checks.add(call + " / " + worstCase.toSeconds() + " s");

        new ConfigEvaluationSink(config, new ConfigEvaluationSink.Retry(4, Duration.ofSeconds(2), Duration.ofSeconds(2)),
                sleeps::add, guard, Duration.ofSeconds(30)).put("token", evaluations("AROA1", "AROA2"));

        assertThat(checks).containsExactly(
                "Config PutEvaluations (2 evaluations, attempt 1) / 30 s",
                "the PutEvaluations retry in " + sleeps.get(0).toMillis() + " ms / " + (30 + sleeps.get(0).toSeconds()) + " s",
                "Config PutEvaluations (1 evaluations, attempt 2) / 30 s");
    }

    @Test
    void aDeadlineTooCloseForTheRetryStopsBeforeItAndNamesIt() {
        stub.server().stubFor(operation("PutEvaluations").willReturn(json("""
                {"FailedEvaluations":[{"ComplianceResourceType":"AWS::IAM::Role","ComplianceResourceId":"AROA1",
                 "ComplianceType":"NON_COMPLIANT","OrderingTimestamp":1}]}""")));
        CallGuard guard = (call, worstCase) -> {
            if (call.startsWith("the PutEvaluations retry")) {
                throw new DeadlineException("stopped before " + call);
            }
        };

        assertThatThrownBy(() -> new ConfigEvaluationSink(config, FastAws.RETRY, sleeps::add, guard,
                Duration.ofSeconds(30)).put("token", evaluations("AROA1")))
                .isInstanceOf(DeadlineException.class).hasMessageStartingWith("stopped before the PutEvaluations retry");
        assertThat(stub.putEvaluations()).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void persistentServerErrorFailsTheInvocationNamingTheCallAndTheEvaluations() {
        stub.server().stubFor(operation("PutEvaluations")
                .willReturn(error(503, "ServiceUnavailableException", "Service is unavailable")));

        assertThatThrownBy(() -> sink.put("token", evaluations("AROA1", "AROA2")))
                .isInstanceOf(AwsOperationException.class)
                .hasMessageStartingWith("Config PutEvaluations failed for 2 evaluations (AROA1, AROA2): "
                        + "ServiceUnavailableException: Service is unavailable (HTTP 503");
        assertThat(stub.putEvaluations()).hasSize(FastAws.SETTINGS.maxAttempts());
    }

    @Test
    void invalidResultTokenIsNotRetriedAndFailsClearly() {
        stub.server().stubFor(operation("PutEvaluations")
                .willReturn(error(400, "InvalidResultTokenException", "The result token is invalid.")));

        assertThatThrownBy(() -> sink.put("stale-token", evaluations("AROA1")))
                .isInstanceOf(AwsOperationException.class)
                .hasMessageContaining("InvalidResultTokenException: The result token is invalid. (HTTP 400")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("stale-token"));
        assertThat(stub.putEvaluations()).hasSize(1);
    }

    @Test
    void missingCredentialsAreReportedInOneShortLine() {
        var error = software.amazon.awssdk.core.exception.SdkClientException.create("Unable to load credentials from "
                + "any of the providers in the chain AwsCredentialsProviderChain(credentialsProviders=[…]) : […]");

        assertThat(AwsErrors.describe(error)).isEqualTo("no AWS credentials found by the default credential chain "
                + "(environment variables, system properties, web identity, profile, container or instance role)");
    }

    @Test
    void moreThanOneHundredEvaluationsInOneCallIsAProgrammingError() {
        String[] ids = new String[101];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "AROA" + i;
        }
        assertThatThrownBy(() -> sink.put("token", evaluations(ids))).isInstanceOf(IllegalArgumentException.class);
        assertThat(stub.putEvaluations()).isEmpty();
    }

    private static void failFirst(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        stub.server().stubFor(operation("PutEvaluations").inScenario("fault").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(response).willSetStateTo("recovered"));
    }
}
