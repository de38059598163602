package io.github.crossaccountmfa.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.aws.AwsRuleBackends;
import io.github.crossaccountmfa.aws.ConfigEvaluationSink;
import io.github.crossaccountmfa.invocation.RunSummary;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.Logs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

class PrimingTest {
    /** Credentials for the default chain (system properties), and endpoints where nothing listens. */
    private static final Map<String, String> PROPERTIES = Map.of(
            "aws.accessKeyId", "AKIAPRIMINGTESTKEY01", "aws.secretAccessKey", "priming-test-secret",
            "aws.region", "eu-west-1", "aws.endpointUrlIam", "http://127.0.0.1:9",
            "aws.endpointUrlConfig", "http://127.0.0.1:9");

    @BeforeEach
    void credentials() {
        PROPERTIES.forEach(System::setProperty);
    }

    @AfterEach
    void clear() {
        PROPERTIES.keySet().forEach(System::clearProperty);
    }

    @Test
    void primingRunsTheWholeChangeEventPathOfflineOnTheBundledEvent() {
        RunSummary summary = Priming.prime();

        assertThat(summary.nonCompliant()).isEqualTo(1);
        assertThat(summary.total()).isEqualTo(1);
        assertThat(Logs.context()).isEmpty();
    }

    @Test
    void bundledPrimingEventIsTheSampleNonCompliantChangeEvent() throws IOException {
        try (InputStream in = Priming.class.getResourceAsStream(Priming.EVENT)) {
            assertThat(in).isNotNull();
            assertThat(Events.json(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
                    .isEqualTo(Events.json(Events.text("change-noncompliant.json")));
        }
    }

    @Test
    void sdkPathIsPrimedAgainstCannedResponsesWithoutNetwork() {
        // The endpoint is http://priming.invalid: any real connection attempt would fail.
        assertThat(CannedAws.prime()).isEqualTo(1);
    }

    @Test
    void functionClientsAreBuiltOnlyByPrimingWhichLooksUpTheRealCredentialsAndSignsWithThem() {
        AtomicInteger built = new AtomicInteger();
        AwsRuleBackends backends = new AwsRuleBackends(() -> {
            built.incrementAndGet();
            return AwsClients.fromEnvironment(Optional.empty(), AwsClients.Settings.DEFAULT, PrimingHttp::wrap);
        }, ConfigEvaluationSink.Retry.DEFAULT);
        assertThat(built).as("constructing the backends builds nothing").hasValue(0);

        // Every request goes to 127.0.0.1:9 unless it is answered from memory: success means no network call.
        assertThat(Priming.primeFunctionClients(backends)).isTrue();

        assertThat(built).hasValue(1);
        assertThat(CannedAws.lastCredential()).isEqualTo("AKIAPRIMINGTESTKEY01");
        assertThat(Logs.context()).isEmpty();
    }

    @Test
    void checkpointHookIsRegisteredAndRunsWithoutNetwork() throws Exception {
        AwsRuleBackends backends = new AwsRuleBackends(
                () -> AwsClients.fromEnvironment(Optional.empty(), AwsClients.Settings.DEFAULT, PrimingHttp::wrap),
                ConfigEvaluationSink.Retry.DEFAULT);
        Priming hook = Priming.register(backends);

        hook.beforeCheckpoint(null);
        hook.afterRestore(null);

        assertThat(Priming.register(backends)).isSameAs(hook);
    }

    @Test
    void onlyThePrimingThreadsRequestsAreAnsweredFromMemoryWhileItRuns() throws Exception {
        AtomicInteger real = new AtomicInteger();
        SdkHttpClient http = PrimingHttp.wrap(new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                real.incrementAndGet();
                return null;
            }

            @Override
            public void close() {
            }
        });
        HttpExecuteRequest request = HttpExecuteRequest.builder().request(SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST).uri(java.net.URI.create("https://config.eu-west-1.amazonaws.com"))
                .build()).build();
        CountDownLatch priming = new CountDownLatch(1);
        CountDownLatch invoked = new CountDownLatch(1);
        Thread invocation = Thread.ofPlatform().start(() -> {
            try {
                priming.await();
                http.prepareRequest(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                invoked.countDown();
            }
        });

        ExecutableHttpRequest canned = PrimingHttp.fromMemory(() -> {
            priming.countDown();
            try {
                invoked.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return http.prepareRequest(request);
        });
        invocation.join();

        assertThat(canned).as("the priming thread's request, answered from memory").isNotNull();
        assertThat(real).as("the other thread's request went to the real client").hasValue(1);
        http.prepareRequest(request);
        assertThat(real).as("after priming, every request is real").hasValue(2);
    }
}
