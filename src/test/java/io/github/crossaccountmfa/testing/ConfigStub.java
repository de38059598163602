package io.github.crossaccountmfa.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * AWS Config's JSON 1.1 API on 127.0.0.1 (WireMock): {@code POST /} with {@code X-Amz-Target:
 * StarlingDoveService.<Operation>}. By default PutEvaluations accepts everything and GetComplianceDetailsByConfigRule
 * has no stored results; tests add stubs and read back the exact request bodies.
 */
public final class ConfigStub implements AutoCloseable {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    public ConfigStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(8).jettyAcceptors(1));
        server.start();
        defaults();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public WireMockServer server() {
        return server;
    }

    /** Forgets stubs and requests, then installs the defaults again. */
    public void reset() {
        server.resetAll();
        defaults();
    }

    private void defaults() {
        server.stubFor(operation("PutEvaluations").atPriority(100).willReturn(json("{\"FailedEvaluations\":[]}")));
        server.stubFor(operation("GetComplianceDetailsByConfigRule").atPriority(100)
                .willReturn(json("{\"EvaluationResults\":[]}")));
    }

    /** A stub for one Config operation. */
    public static MappingBuilder operation(String name) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("StarlingDoveService." + name));
    }

    /** A 200 JSON 1.1 response. */
    public static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", CONTENT_TYPE).withBody(body);
    }

    /** A JSON 1.1 error response, e.g. 400 ThrottlingException. */
    public static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", "req-" + type)
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    /** The bodies of the requests made to {@code operation}, oldest first. */
    public List<JsonNode> bodies(String operation) {
        List<JsonNode> bodies = new ArrayList<>();
        for (ServeEvent event : chronological()) {
            String target = event.getRequest().getHeader("X-Amz-Target");
            if (("StarlingDoveService." + operation).equals(target)) {
                try {
                    bodies.add(JSON.readTree(event.getRequest().getBodyAsString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return bodies;
    }

    /** The {@code Authorization} headers of the requests made to {@code operation}, oldest first. */
    public List<String> authorizations(String operation) {
        List<String> headers = new ArrayList<>();
        for (ServeEvent event : chronological()) {
            if (("StarlingDoveService." + operation).equals(event.getRequest().getHeader("X-Amz-Target"))) {
                headers.add(event.getRequest().getHeader("Authorization"));
            }
        }
        return headers;
    }

    public List<JsonNode> putEvaluations() {
        return bodies("PutEvaluations");
    }

    /** Every evaluation sent with PutEvaluations, in order. */
    public List<JsonNode> evaluations() {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode body : putEvaluations()) {
            body.get("Evaluations").forEach(all::add);
        }
        return all;
    }

    private List<ServeEvent> chronological() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        java.util.Collections.reverse(events);
        return events;
    }

    @Override
    public void close() {
        server.stop();
    }
}
