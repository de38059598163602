package io.github.crossaccountmfa.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.crossaccountmfa.testing.ConfigStub.json;
import static io.github.crossaccountmfa.testing.ConfigStub.operation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.ConfigStub;
import io.github.crossaccountmfa.testing.FastAws;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;

/**
 * {@link AwsConfigApi} against what it replaces: the wire format AWS Config's JSON 1.1 protocol expects (WireMock),
 * the SDK's exception types for AWS's errors, and the generated {@code ConfigClient}'s own endpoint for every region
 * the SDK knows, with and without FIPS and dual-stack.
 */
class AwsConfigApiTest {
    private static ConfigStub stub;
    private static AwsClients clients;

    @BeforeAll
    static void startStub() {
        stub = new ConfigStub();
        AwsTestEnvironment.use("http://127.0.0.1:1", stub.endpoint());
        clients = FastAws.clients();
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

    @Test
    void aCallIsASignedJson11PostWithTheOperationAsTarget() {
        stub.server().stubFor(operation("DescribeConfigRules").willReturn(json("{\"ConfigRules\":[]}")));

        var answer = clients.config().call("DescribeConfigRules", "{\"ConfigRuleNames\":[\"r\"]}");

        assertThat(answer.path("ConfigRules").isArray()).isTrue();
        stub.server().verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("StarlingDoveService.DescribeConfigRules"))
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                .withHeader("Authorization", matching(
                        "AWS4-HMAC-SHA256 Credential=AKIATESTTESTTESTTEST/\\d{8}/us-east-1/config/aws4_request, "
                                + "SignedHeaders=[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}"))
                .withRequestBody(equalToJson("{\"ConfigRuleNames\":[\"r\"]}")));
    }

    @Test
    void anEmptySuccessfulAnswerIsAnEmptyObject() {
        stub.server().stubFor(operation("PutEvaluations").willReturn(json("")));

        assertThat(clients.config().call("PutEvaluations", "{}").isEmpty()).isTrue();
    }

    @Test
    void serviceErrorsAreTheSdksExceptionWithAwsCodeMessageStatusAndRequestId() {
        SdkHttpResponse response = SdkHttpResponse.builder().statusCode(400)
                .putHeader("x-amzn-RequestId", "req-1").build();
        byte[] body = "{\"__type\":\"com.amazonaws.starling.dove#InvalidResultTokenException\",\"message\":\"bad token\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> AwsConfigApi.answer(response, body))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidResultTokenException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("bad token");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.requestId()).isEqualTo("req-1");
                    assertThat(e.isThrottlingException()).isFalse();
                    assertThat(AwsErrors.describe(e))
                            .isEqualTo("InvalidResultTokenException: bad token (HTTP 400, request id req-1)");
                });
    }

    @Test
    void throttlingIsRecognisedAsTheSdkRecognisesIt() {
        SdkHttpResponse response = SdkHttpResponse.builder().statusCode(400).build();
        byte[] body = "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> AwsConfigApi.answer(response, body))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    }

    @Test
    void theErrorTypeHeaderNamesTheErrorWhenTheBodyDoesNot() {
        SdkHttpResponse response = SdkHttpResponse.builder().statusCode(400)
                .putHeader("x-amzn-ErrorType", "NoSuchConfigRuleException:http://internal.amazon.com/").build();

        assertThatThrownBy(() -> AwsConfigApi.answer(response, "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchConfigRuleException");
                    assertThat(e.awsErrorDetails().errorMessage()).isNull();
                });
    }

    @Test
    void aSuccessfulAnswerThatIsNotAJsonObjectIsAClientError() {
        SdkHttpResponse ok = SdkHttpResponse.builder().statusCode(200).build();

        assertThatThrownBy(() -> AwsConfigApi.answer(ok, "[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SdkClientException.class).hasMessageContaining("not a JSON object");
        assertThat(AwsConfigApi.answer(ok, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)).path("a").asInt())
                .isEqualTo(1);
    }

    @Test
    void timestampsTravelAsEpochSecondsWithMilliseconds() {
        String request = AwsConfigApi.request(json ->
                AwsConfigApi.writeTimestamp(json, "t", Instant.parse("2024-03-01T10:05:12.345Z")));

        assertThat(request).isEqualTo("{\"t\":1709287512.345}");
        assertThat(AwsConfigApi.timestamp(AwsConfigApi.answer(SdkHttpResponse.builder().statusCode(200).build(),
                "{\"t\":1709287512.345}".getBytes(StandardCharsets.UTF_8)).get("t")))
                .contains(Instant.parse("2024-03-01T10:05:12.345Z"));
        assertThat(AwsConfigApi.timestamp(null)).isEmpty();
    }

    @Test
    void theEndpointIsTheGeneratedClientsForEveryRegionWithAndWithoutFipsAndDualStack() {
        List<String> compared = new ArrayList<>();
        String override = System.clearProperty("aws.endpointUrlConfig"); // the generated client would take it
        try {
            compareEveryRegion(compared);
        } finally {
            System.setProperty("aws.endpointUrlConfig", override);
        }
        assertThat(compared).hasSizeGreaterThan(100).contains("https://config.us-east-1.amazonaws.com",
                "https://config.cn-north-1.amazonaws.com.cn", "https://config-fips.us-west-2.amazonaws.com");
    }

    private static void compareEveryRegion(List<String> compared) {
        for (Region region : Region.regions()) {
            if (region.isGlobalRegion()) {
                continue;
            }
            for (boolean fips : new boolean[] {false, true}) {
                for (boolean dualstack : new boolean[] {false, true}) {
                    String ours = outcome(() -> AwsConfigApi.endpoint(region, Optional.empty(), Optional.of(fips),
                            Optional.of(dualstack)).toString());
                    String sdk = outcome(() -> generatedClientEndpoint(region, fips, dualstack));
                    if (sdk.equals(LEGACY_METADATA_REFUSES)) {
                        continue;
                    }
                    assertThat(ours).as("%s fips=%s dualstack=%s", region, fips, dualstack).isEqualTo(sdk);
                    compared.add(ours);
                }
            }
        }
    }

    @Test
    void anEndpointOverrideIsUsedAsGiven() {
        assertThat(AwsConfigApi.endpoint(Region.EU_WEST_1, Optional.of("http://127.0.0.1:4566"), Optional.empty(),
                Optional.empty())).isEqualTo(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void aFixedEndpointIsCalledWithTheGivenCredentials() {
        AwsConfigApi api = AwsConfigApi.at(URI.create(stub.endpoint()), software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFIXEDFIXEDFIXED0", "s")),
                Region.EU_WEST_1);
        stub.server().stubFor(operation("PutEvaluations").willReturn(json("{\"FailedEvaluations\":[]}")));

        api.call("PutEvaluations", "{}");

        stub.server().verify(postRequestedFor(urlEqualTo("/")).withHeader("Authorization",
                matching(".*Credential=AKIAFIXEDFIXEDFIXED0/\\d{8}/eu-west-1/config/aws4_request.*")));
    }

    @Test
    void sessionCredentialsSendTheirTokenAsLambdasExecutionRoleNeeds() {
        AwsConfigApi api = AwsConfigApi.at(URI.create(stub.endpoint()),
                software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIASESSIONSESSION00", "s", "token-1")),
                Region.EU_WEST_1);
        stub.server().stubFor(operation("PutEvaluations").willReturn(json("{\"FailedEvaluations\":[]}")));

        api.call("PutEvaluations", "{}");

        stub.server().verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Security-Token", equalTo("token-1"))
                .withHeader("Authorization", matching(".*SignedHeaders=[a-z0-9;-]*x-amz-security-token.*")));
    }

    @Test
    void aClockSkewErrorMakesTheRetrySignWithAwsTime() {
        Instant aws = Instant.now().plus(Duration.ofHours(1));
        failFirstWithSkew(aws);

        clients.config().call("PutEvaluations", "{}");

        List<LoggedRequest> sent = stub.server().findAll(postRequestedFor(urlEqualTo("/")));
        assertThat(sent).hasSize(2);
        Instant signedAt = AMZ_DATE.parse(sent.get(1).getHeader("X-Amz-Date"), Instant::from);
        assertThat(Duration.between(aws, signedAt).abs()).isLessThan(Duration.ofMinutes(5));
    }

    @Test
    void aClockSkewErrorWithinFourMinutesLeavesTheClockAlone() {
        failFirstWithSkew(Instant.now().plus(Duration.ofMinutes(2)));
        AwsConfigApi api = clients.config();

        api.call("PutEvaluations", "{}");

        assertThat(api.clockOffset()).isZero();
        assertThat(stub.server().findAll(postRequestedFor(urlEqualTo("/")))).hasSize(2);
    }

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private static void failFirstWithSkew(Instant awsTime) {
        stub.server().stubFor(operation("PutEvaluations").inScenario("skew").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json("{\"__type\":\"RequestTimeTooSkewed\",\"message\":\"The difference between the "
                        + "request time and the current time is too large.\"}").withStatus(400)
                        .withHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(awsTime.atZone(ZoneOffset.UTC))))
                .willSetStateTo("accepted"));
        stub.server().stubFor(operation("PutEvaluations").inScenario("skew").whenScenarioStateIs("accepted")
                .willReturn(json("{\"FailedEvaluations\":[]}")));
    }

    /**
     * The generated client's builder also looks the endpoint up in the SDK's older service metadata, before the
     * endpoint rules, and gives up where that lacks the combination (dual-stack in some isolated regions): those
     * cases are not compared, since the rules, which {@link AwsConfigApi} follows, are what the client uses.
     */
    private static final String LEGACY_METADATA_REFUSES = "legacy metadata refuses";

    /** The URI, or "fails" (both resolvers refuse the same unsupported combinations). */
    private static String outcome(java.util.function.Supplier<String> resolve) {
        try {
            return resolve.get();
        } catch (RuntimeException e) {
            return e.getMessage() != null && e.getMessage().startsWith("No endpoint known for")
                    ? LEGACY_METADATA_REFUSES : "fails";
        }
    }

    /** Where the generated client would send a request: caught before transmission, then the call is abandoned. */
    private static String generatedClientEndpoint(Region region, boolean fips, boolean dualstack) {
        AtomicReference<String> seen = new AtomicReference<>();
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                URI uri = context.httpRequest().getUri();
                seen.set(uri.getScheme() + "://" + uri.getHost());
                throw new Abandoned();
            }
        };
        try (ConfigClient client = ConfigClient.builder().region(region).fipsEnabled(fips).dualstackEnabled(dualstack)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIA", "s")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(capture))
                .build()) {
            client.describeConfigRules(r -> { });
        } catch (Abandoned e) {
            // the endpoint was captured
        } catch (SdkClientException e) {
            if (!(e.getCause() instanceof Abandoned) && seen.get() == null) {
                throw new IllegalStateException("no endpoint", e);
            }
        } catch (NullPointerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (seen.get() == null) {
            throw new IllegalStateException("no endpoint");
        }
        return seen.get();
    }

    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("abandoned before transmission", null, false, false);
        }
    }
}
