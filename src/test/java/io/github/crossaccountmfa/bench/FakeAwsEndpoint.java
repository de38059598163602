package io.github.crossaccountmfa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IAM (query protocol) and AWS Config (JSON 1.1) on one local port, with pre-rendered responses so the server
 * costs next to nothing: {@code ListRoles} serves {@code roles} generated roles 1000 per page, {@code ListRoleTags}
 * answers no tags, {@code PutEvaluations} accepts everything, {@code GetComplianceDetailsByConfigRule} returns
 * stored results of existing roles in pages of 100 (so the clean-up has pages to read but nothing to clear).
 * Every call is counted; the first PutEvaluations arrival time is recorded. With {@code latencyMillis}, every
 * response waits that long first (each request on its own virtual thread, so waits overlap as they would remotely).
 */
public final class FakeAwsEndpoint implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<byte[]> rolePages = new ArrayList<>();
    private final List<byte[]> historyPages = new ArrayList<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final AtomicLong evaluations = new AtomicLong();
    private final AtomicLong largestBatch = new AtomicLong();
    private volatile long firstPutNanos;
    private final int nonCompliant;
    private final long latencyMillis;

    /** @param historyResults stored results to serve for the clean-up */
    public FakeAwsEndpoint(int roles, int historyResults) throws IOException {
        this(roles, historyResults, 0);
    }

    /** @param latencyMillis time every response waits before it is sent */
    public FakeAwsEndpoint(int roles, int historyResults, long latencyMillis) throws IOException {
        this.latencyMillis = latencyMillis;
        int bad = 0;
        for (int start = 0; start < roles; start += 1000) {
            int end = Math.min(roles, start + 1000);
            StringBuilder xml = new StringBuilder(end * 700).append(
                    "<ListRolesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListRolesResult>");
            xml.append("<IsTruncated>").append(end < roles).append("</IsTruncated>");
            if (end < roles) {
                xml.append("<Marker>page-").append(start / 1000 + 1).append("</Marker>");
            }
            xml.append("<Roles>");
            for (int i = start; i < end; i++) {
                bad += i % 100 == 0 ? 1 : 0;
                xml.append("<member><Path>").append(i % 10 == 5 ? "/service-role/" : "/").append("</Path>")
                        .append("<RoleName>role-").append(i).append("</RoleName><RoleId>").append(roleId(i))
                        .append("</RoleId><Arn>arn:aws:iam::").append(ACCOUNT).append(":role/role-").append(i)
                        .append("</Arn><CreateDate>2024-03-01T10:00:00Z</CreateDate><AssumeRolePolicyDocument>")
                        .append(URLEncoder.encode(policy(i), StandardCharsets.UTF_8).replace("+", "%20"))
                        .append("</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration></member>");
            }
            xml.append("</Roles></ListRolesResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata>"
                    + "</ListRolesResponse>");
            rolePages.add(xml.toString().getBytes(StandardCharsets.UTF_8));
        }
        nonCompliant = bad;
        for (int start = 0; start < historyResults || start == 0; start += 100) {
            int end = Math.min(historyResults, start + 100);
            StringBuilder json = new StringBuilder("{\"EvaluationResults\":[");
            for (int i = start; i < end; i++) {
                json.append(i == start ? "" : ",").append("{\"EvaluationResultIdentifier\":{\"EvaluationResultQualifier\":"
                        + "{\"ConfigRuleName\":\"cross-account-mfa-rule\",\"ResourceType\":\"AWS::IAM::Role\",\"ResourceId\":\"")
                        .append(roleId(i)).append("\"},\"OrderingTimestamp\":1709337600.0},\"ComplianceType\":\"COMPLIANT\"}");
            }
            json.append("]");
            if (end < historyResults) {
                json.append(",\"NextToken\":\"history-").append(start / 100 + 1).append('"');
            }
            historyPages.add(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static String roleId(int i) {
        return "AROA%017d".formatted(i);
    }

    /** A realistic mix: 1 % third party without MFA, 4 % with MFA, 10 % services, the rest internal. */
    static String policy(int i) {
        if (i % 100 == 0) {
            return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Vendor\",\"Effect\":\"Allow\",\"Principal\":"
                    + "{\"AWS\":[\"arn:aws:iam::210987654321:root\",\"arn:aws:iam::210987654321:role/vendor-" + i
                    + "\"]},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"ext-"
                    + i + "\"}}}]}";
        }
        if (i % 100 < 5) {
            return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                    + "\"arn:aws:iam::210987654321:root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":"
                    + "{\"aws:MultiFactorAuthPresent\":\"true\"},\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"3600\"}}}]}";
        }
        if (i % 10 == 5) {
            return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                    + "[\"lambda.amazonaws.com\",\"edgelambda.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}]}";
        }
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + ACCOUNT + ":root\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"],\"Condition\":{\"StringLike\":"
                + "{\"aws:PrincipalArn\":\"arn:aws:iam::" + ACCOUNT + ":role/team-*\"}}},{\"Effect\":\"Deny\","
                + "\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
    }

    int nonCompliantRoles() {
        return nonCompliant;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public long calls(String operation) {
        AtomicLong count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    public Map<String, Long> allCalls() {
        Map<String, Long> copy = new HashMap<>();
        calls.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    long evaluations() {
        return evaluations.get();
    }

    public int distinctReported() {
        return reported.size();
    }

    long largestBatch() {
        return largestBatch.get();
    }

    public long firstPutNanos() {
        return firstPutNanos;
    }

    public void resetCounters() {
        calls.clear();
        reported.clear();
        evaluations.set(0);
        largestBatch.set(0);
        firstPutNanos = 0;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (latencyMillis > 0) {
                try {
                    Thread.sleep(latencyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target != null) {
                config(exchange, target.substring(target.indexOf('.') + 1), body);
            } else {
                iam(exchange, form(new String(body, StandardCharsets.UTF_8)));
            }
        }
    }

    private void config(HttpExchange exchange, String operation, byte[] body) throws IOException {
        calls.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        switch (operation) {
            case "PutEvaluations" -> {
                if (firstPutNanos == 0) {
                    firstPutNanos = System.nanoTime();
                }
                JsonNode list = JSON.readTree(body).get("Evaluations");
                evaluations.addAndGet(list.size());
                largestBatch.accumulateAndGet(list.size(), Math::max);
                list.forEach(e -> reported.add(e.get("ComplianceResourceId").textValue()));
                send(exchange, "application/x-amz-json-1.1", "{\"FailedEvaluations\":[]}".getBytes(StandardCharsets.UTF_8));
            }
            case "GetComplianceDetailsByConfigRule" -> {
                JsonNode token = JSON.readTree(body).get("NextToken");
                int page = token == null ? 0 : Integer.parseInt(token.textValue().substring("history-".length()));
                send(exchange, "application/x-amz-json-1.1", historyPages.get(page));
            }
            default -> send(exchange, "application/x-amz-json-1.1", "{}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void iam(HttpExchange exchange, Map<String, String> form) throws IOException {
        String action = form.getOrDefault("Action", "?");
        calls.computeIfAbsent(action, k -> new AtomicLong()).incrementAndGet();
        switch (action) {
            case "ListRoles" -> {
                String marker = form.get("Marker");
                int page = marker == null ? 0 : Integer.parseInt(marker.substring("page-".length()));
                send(exchange, "text/xml", rolePages.get(page));
            }
            case "ListRoleTags" -> send(exchange, "text/xml", ("<ListRoleTagsResponse xmlns=\"https://iam.amazonaws.com/"
                    + "doc/2010-05-08/\"><ListRoleTagsResult><IsTruncated>false</IsTruncated><Tags/></ListRoleTagsResult>"
                    + "</ListRoleTagsResponse>").getBytes(StandardCharsets.UTF_8));
            default -> send(exchange, "text/xml", "<Unknown/>".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The parameters of a query-protocol (form-encoded) request body. */
    static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
