package io.github.crossaccountmfa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An organization on one local port, cheap to serve: STS ({@code GetCallerIdentity}, {@code AssumeRole} giving
 * each account credentials whose key names it), Organizations ({@code DescribeOrganization}, {@code ListAccounts}
 * 20 per page) and IAM ({@code ListRoles}: {@code rolesPerAccount} roles of the account the request's key names,
 * one page rendered from a template, so the endpoint holds one page whatever the number of accounts). Every request
 * waits {@code latencyMillis} (a region's round trip), and the requests in flight are counted.
 */
final class FakeOrganizationEndpoint implements AutoCloseable {
    static final String MANAGEMENT = "999999999999";
    private static final String PLACEHOLDER = "000000000000";
    private static final Pattern KEY = Pattern.compile("Credential=([A-Z0-9]+)/");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32, r -> {
        Thread t = new Thread(r, "fake-organization");
        t.setDaemon(true);
        return t;
    });
    private final int accounts;
    private final String rolesPage;
    private final int latencyMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param accounts the accounts of the organization, the management account ({@value #MANAGEMENT}) first */
    FakeOrganizationEndpoint(int accounts, int rolesPerAccount, int latencyMillis) throws IOException {
        this.accounts = accounts;
        this.latencyMillis = latencyMillis;
        StringBuilder xml = new StringBuilder(rolesPerAccount * 700).append(
                "<ListRolesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListRolesResult>"
                        + "<IsTruncated>false</IsTruncated><Roles>");
        for (int i = 0; i < rolesPerAccount; i++) {
            xml.append("<member><Path>").append(i % 10 == 5 ? "/service-role/" : "/").append("</Path>")
                    .append("<RoleName>role-").append(i).append("</RoleName><RoleId>AROA").append(PLACEHOLDER)
                    .append(String.format("%05d", i)).append("</RoleId><Arn>arn:aws:iam::").append(PLACEHOLDER)
                    .append(":role/role-").append(i).append("</Arn><CreateDate>2024-03-01T10:00:00Z</CreateDate>")
                    .append("<AssumeRolePolicyDocument>")
                    .append(URLEncoder.encode(FakeAwsEndpoint.policy(i).replace(FakeAwsEndpoint.ACCOUNT, PLACEHOLDER),
                            StandardCharsets.UTF_8).replace("+", "%20"))
                    .append("</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration></member>");
        }
        rolesPage = xml.append("</Roles></ListRolesResult><ResponseMetadata><RequestId>bench</RequestId>"
                + "</ResponseMetadata></ListRolesResponse>").toString();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static String account(int index) {
        return index == 0 ? MANAGEMENT : String.format("%012d", 100_000_000_000L + index);
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    Map<String, Integer> calls() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        calls.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            byte[] answer;
            String type;
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (latencyMillis > 0) {
                    Thread.sleep(latencyMillis);
                }
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                if (target != null) {
                    type = "application/x-amz-json-1.1";
                    answer = organizations(target.substring(target.indexOf('.') + 1), body);
                } else {
                    type = "text/xml";
                    answer = query(FakeAwsEndpoint.form(new String(body, StandardCharsets.UTF_8)),
                            exchange.getRequestHeaders().getFirst("Authorization"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                inFlight.decrementAndGet();
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    private byte[] organizations(String operation, byte[] body) throws IOException {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        if (operation.equals("DescribeOrganization")) {
            return ("{\"Organization\":{\"Id\":\"o-benchmark01\",\"MasterAccountId\":\"" + MANAGEMENT
                    + "\",\"FeatureSet\":\"ALL\"}}").getBytes(StandardCharsets.UTF_8);
        }
        JsonNode token = JSON.readTree(body).get("NextToken");
        int start = token == null ? 0 : Integer.parseInt(token.asText());
        int end = Math.min(accounts, start + 20);
        StringBuilder json = new StringBuilder("{\"Accounts\":[");
        for (int i = start; i < end; i++) {
            json.append(i == start ? "" : ",").append("{\"Id\":\"").append(account(i)).append("\",\"Name\":\"account-")
                    .append(i).append("\",\"Status\":\"ACTIVE\"}");
        }
        json.append(']');
        if (end < accounts) {
            json.append(",\"NextToken\":\"").append(end).append('"');
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] query(Map<String, String> form, String authorization) {
        String action = form.getOrDefault("Action", "?");
        calls.computeIfAbsent(action, k -> new AtomicInteger()).incrementAndGet();
        String xml = switch (action) {
            case "GetCallerIdentity" -> "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<GetCallerIdentityResult><Arn>arn:aws:iam::" + MANAGEMENT + ":user/bench</Arn><UserId>AIDABENCH"
                    + "</UserId><Account>" + MANAGEMENT + "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
            case "AssumeRole" -> {
                String account = form.get("RoleArn").split(":")[4];
                yield "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                        + "<AssumedRoleUser><AssumedRoleId>AROABENCH:s</AssumedRoleId><Arn>arn:aws:sts::" + account
                        + ":assumed-role/r/s</Arn></AssumedRoleUser><Credentials><AccessKeyId>ASIA" + account
                        + "BNCH</AccessKeyId><SecretAccessKey>bench</SecretAccessKey><SessionToken>bench</SessionToken>"
                        + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
            }
            case "ListRoles" -> rolesPage.replace(PLACEHOLDER, accountOf(authorization));
            default -> "<Unknown/>";
        };
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** The account the request's access key belongs to: {@code ASIA<account>BNCH}, else the management account. */
    private static String accountOf(String authorization) {
        Matcher key = KEY.matcher(authorization == null ? "" : authorization);
        if (key.find() && key.group(1).startsWith("ASIA") && key.group(1).length() == 20) {
            return key.group(1).substring(4, 16);
        }
        return MANAGEMENT;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
