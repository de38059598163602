package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.report.Policies;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.CountingProxy;
import io.github.crossaccountmfa.testing.MotoServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * {@code scan --organization} end to end against moto's real Organizations and multi-account IAM/STS: an
 * organization with six ACTIVE member accounts and a closed one, roles created inside each member through its
 * {@code AssumeRole} credentials (visible only there), moto's IAM authorization on (the caller is an IAM user
 * whose policy moto evaluates; each execution role has the permissions moto checks).
 *
 * <p>Two members cannot be entered, as in AWS: {@code sandbox} was created without
 * {@code OrganizationAccountAccessRole}, and {@code legacy}'s role trusts only another account. moto 5.2 lets
 * {@code AssumeRole} succeed for a role that does not exist ("the role does not need to exist", its STS docs) and
 * evaluates trust policies only for roles of the caller's own account, so (1) the auditor's IAM policy — which
 * moto does evaluate — denies assuming {@code legacy}'s role, and (2) the counting proxy in front of moto answers
 * {@code AssumeRole} of {@code sandbox}'s missing role with the AccessDenied that STS returns. Every other call is
 * moto's own answer.
 *
 * <p>The proxy ({@link CountingProxy}, which forwards requests byte for byte so moto's signature check passes) also
 * counts the requests in flight: the scan never has more than {@code --max-concurrency} at once, and it does use
 * them all (the first AssumeRole is held until a second request arrives, which only a concurrent scan can send).
 */
@Tag("moto")
@ExtendWith(MotoServer.class)
@Timeout(600)
class ScanOrganizationMotoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANAGEMENT = "123456789012";
    private static final String EXECUTION_ROLE = "OrganizationAccountAccessRole";
    private static final String PARTNER = "210987654321";
    private static final Map<String, String> MEMBERS = new LinkedHashMap<>();
    /** account id → role name → verdict, for every role the scan must report (the execution roles included). */
    private static final Map<String, Map<String, String>> EXPECTED = new LinkedHashMap<>();
    private static final Map<String, String> IDS = new HashMap<>();
    private static final AtomicBoolean HOLD_FIRST_ASSUME_ROLE = new AtomicBoolean();
    private static final AtomicInteger ASSUME_ROLES = new AtomicInteger();
    private static CountingProxy proxy;
    private static AccessKey auditor;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /**
     * Answers AssumeRole of {@code sandbox}'s missing role as STS would, holds the first AssumeRole (when asked)
     * until a second request is in flight, and delays every request a little so that overlaps show.
     */
    private static Optional<CountingProxy.Response> hook(CountingProxy.Request request) {
        String sandboxRole = "arn:aws:iam::" + MEMBERS.get("sandbox") + ":role/" + EXECUTION_ROLE;
        boolean assumeRole = request.body().contains("Action=AssumeRole&");
        if (assumeRole) {
            ASSUME_ROLES.incrementAndGet();
        }
        if (assumeRole && request.body().contains("RoleArn=" + URLEncoder.encode(sandboxRole, StandardCharsets.UTF_8))) {
            return Optional.of(new CountingProxy.Response(403, "text/xml",
                    "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                            + "<Code>AccessDenied</Code><Message>User: arn:aws:iam::" + MANAGEMENT + ":user/auditor "
                            + "is not authorized to perform: sts:AssumeRole on resource: " + sandboxRole
                            + "</Message></Error><RequestId>proxy-1</RequestId></ErrorResponse>"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // A concurrent scan sends its next request while this one waits; a sequential one never would.
        while (assumeRole && HOLD_FIRST_ASSUME_ROLE.get() && proxy.inFlight() < 2 && System.nanoTime() < deadline) {
            sleep(2);
        }
        if (assumeRole) {
            HOLD_FIRST_ASSUME_ROLE.set(false);
        }
        sleep(20);
        return Optional.empty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @BeforeAll
    static void createOrganization() throws Exception {
        MotoServer.reset();
        authorization("inf");
        AwsTestEnvironment.use(MotoServer.endpoint(), "http://127.0.0.1:1");
        try (OrganizationsClient organizations = OrganizationsClient.builder().region(Region.AWS_GLOBAL)
                .httpClient(UrlConnectionHttpClient.create()).build();
             StsClient sts = StsClient.builder().region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create()).build();
             IamClient management = iam(null)) {
            organizations.createOrganization(r -> r.featureSet("ALL"));
            for (String name : List.of("prod", "dev", "data", "logs", "sandbox", "legacy", "closed")) {
                String id = organizations.createAccount(r -> {
                    r.accountName(name).email(name + "@example.com");
                    if (name.equals("sandbox")) {
                        r.roleName("AWSControlTowerExecution");
                    }
                }).createAccountStatus().accountId();
                MEMBERS.put(name, id);
            }
            organizations.closeAccount(r -> r.accountId(MEMBERS.get("closed")));

            roles(sts, "prod", Map.of("partner-nomfa", "NON_COMPLIANT", "partner-mfa", "COMPLIANT", "lambda", "NOT_APPLICABLE"));
            roles(sts, "dev", Map.of("ci-deploy", "NOT_APPLICABLE", "vendor", "NON_COMPLIANT"));
            Map<String, String> many = new LinkedHashMap<>();
            for (int i = 0; i < 25; i++) {
                many.put("service-" + i, "NOT_APPLICABLE");
            }
            many.put("partner-mfa", "COMPLIANT");
            roles(sts, "data", many);
            roles(sts, "logs", Map.of());
            roles(sts, "legacy", Map.of("old-vendor", "NON_COMPLIANT"));
            try (IamClient legacy = member(sts, "legacy", EXECUTION_ROLE)) {
                legacy.updateAssumeRolePolicy(r -> r.roleName(EXECUTION_ROLE).policyDocument(
                        Policies.thirdPartyWithoutMfa("111111111111")));
                assertThat(legacy.listRoles().roles()).extracting(r -> r.roleName())
                        .as("roles created through a member's credentials are that member's")
                        .containsExactlyInAnyOrder(EXECUTION_ROLE, "old-vendor");
            }

            management.createRole(r -> r.roleName("mgmt-partner").assumeRolePolicyDocument(
                    Policies.thirdPartyWithoutMfa(PARTNER)));
            EXPECTED.put(MANAGEMENT, new HashMap<>(Map.of("mgmt-partner", "NON_COMPLIANT")));
            management.createUser(r -> r.userName("auditor"));
            auditor = management.createAccessKey(r -> r.userName("auditor")).accessKey();
            management.putUserPolicy(r -> r.userName("auditor").policyName("organization-audit").policyDocument("""
                    {"Version":"2012-10-17","Statement":[
                    {"Effect":"Allow","Action":["sts:AssumeRole","organizations:ListAccounts",
                     "organizations:DescribeOrganization","iam:ListRoles","iam:ListRoleTags"],"Resource":"*"},
                    {"Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::%s:role/%s"}]}"""
                    .formatted(MEMBERS.get("legacy"), EXECUTION_ROLE)));
            assertThat(management.listRoles().roles()).extracting(r -> r.roleName()).containsExactly("mgmt-partner");
        }
        EXPECTED.remove(MEMBERS.get("legacy"));

        proxy = new CountingProxy(MotoServer.endpoint());
        proxy.hook(ScanOrganizationMotoTest::hook);
        authorization("0");
    }

    /** Creates {@code roles} in member {@code name} with the credentials of its execution role. */
    private static void roles(StsClient sts, String name, Map<String, String> roles) {
        String account = MEMBERS.get(name);
        Map<String, String> expected = new HashMap<>(roles);
        // moto created the execution role trusting the management account's root: without MFA, from another account.
        expected.put(EXECUTION_ROLE, "NON_COMPLIANT");
        try (IamClient iam = member(sts, name, EXECUTION_ROLE)) {
            iam.putRolePolicy(r -> r.roleName(EXECUTION_ROLE).policyName("audit").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:ListRoles\","
                            + "\"iam:ListRoleTags\"],\"Resource\":\"*\"}]}"));
            roles.forEach((role, verdict) -> iam.createRole(r -> r.roleName(role).path("/" + name + "/")
                    .assumeRolePolicyDocument(switch (verdict) {
                        case "NON_COMPLIANT" -> Policies.thirdPartyWithoutMfa(PARTNER);
                        case "COMPLIANT" -> Policies.thirdPartyWithMfa(PARTNER);
                        default -> Policies.service("lambda.amazonaws.com");
                    })));
            iam.listRoles().roles().forEach(r -> IDS.put(account + "/" + r.roleName(), r.roleId()));
        }
        EXPECTED.put(account, expected);
    }

    private static IamClient member(StsClient sts, String name, String role) {
        Credentials credentials = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + MEMBERS.get(name) + ":role/" + role)
                .roleSessionName("setup")).credentials();
        return iam(AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken()));
    }

    private static IamClient iam(AwsSessionCredentials credentials) {
        var builder = IamClient.builder().region(Region.AWS_GLOBAL).httpClient(UrlConnectionHttpClient.create());
        if (credentials != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(credentials));
        }
        return builder.build();
    }

    /** moto's IAM authorization: "0" checks every request from now on, "inf" none. */
    private static void authorization(String initialNoAuthActions) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(MotoServer.endpoint() + "/moto-api/reset-auth")
                .toURL().openConnection();
        connection.setRequestMethod("POST");
        // not a form: moto reads the raw body
        connection.setRequestProperty("Content-Type", "application/octet-stream");
        connection.setDoOutput(true);
        connection.getOutputStream().write(initialNoAuthActions.getBytes(StandardCharsets.UTF_8));
        assertThat(connection.getResponseCode()).isEqualTo(200);
        connection.disconnect();
    }

    @AfterAll
    static void stop() throws IOException {
        authorization("inf");
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void asTheAuditorThroughTheProxy() {
        proxy.resetCounts();
        HOLD_FIRST_ASSUME_ROLE.set(false);
        AwsTestEnvironment.use(proxy.endpoint(), "http://127.0.0.1:1");
        System.setProperty("aws.accessKeyId", auditor.accessKeyId());
        System.setProperty("aws.secretAccessKey", auditor.secretAccessKey());
    }

    private int scan(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("scan", "--organization"));
        all.addAll(List.of(args));
        return cli.execute(all.toArray(String[]::new));
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void reportsEveryRoleOfEveryReachableAccountOnceAndTheOthersAsErrorEntriesWithBoundedConcurrency()
            throws Exception {
        ASSUME_ROLES.set(0);
        HOLD_FIRST_ASSUME_ROLE.set(true);

        int status = scan("--format", "json", "--max-concurrency", "2");

        assertThat(status).as(err.toString()).isEqualTo(2);
        List<JsonNode> lines = lines();
        Map<String, Map<String, String>> reported = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (JsonNode line : lines) {
            String account = line.get("accountId").asText();
            if (line.has("error")) {
                errors.put(account, line.get("error").asText());
                continue;
            }
            assertThat(seen.add(line.get("arn").asText())).as("reported once: " + line.get("arn")).isTrue();
            assertThat(line.get("arn").asText()).startsWith("arn:aws:iam::" + account + ":role/");
            reported.computeIfAbsent(account, a -> new HashMap<>())
                    .put(line.get("roleName").asText(), line.get("compliance").asText());
            if (!account.equals(MANAGEMENT)) {
                assertThat(line.get("roleId").asText()).isEqualTo(IDS.get(account + "/" + line.get("roleName").asText()));
            }
        }
        assertThat(reported).isEqualTo(EXPECTED);
        assertThat(errors.keySet()).containsExactlyInAnyOrder(MEMBERS.get("sandbox"), MEMBERS.get("legacy"));
        for (String name : List.of("sandbox", "legacy")) {
            String role = "arn:aws:iam::" + MEMBERS.get(name) + ":role/" + EXECUTION_ROLE;
            // moto answers its own denial in the EC2-style <Errors> envelope, which the SDK's STS parser does not
            // read: only the status is known then. STS's (the sandbox answer) carries the message.
            String said = name.equals("sandbox") ? "User: arn:aws:iam::" + MANAGEMENT + ":user/auditor is not "
                    + "authorized to perform: sts:AssumeRole on resource: " + role : "HTTP 403";
            assertThat(errors.get(MEMBERS.get(name))).isEqualTo("cannot assume " + role + ": access denied (" + said
                    + "); the role does not exist in this account, or its trust policy does not admit arn:aws:iam::"
                    + MANAGEMENT + ":user/auditor (deploy the role there, or name another with --execution-role-name)");
        }
        assertThat(lines).noneMatch(l -> l.get("accountId").asText().equals(MEMBERS.get("closed")));
        assertThat(err.toString()).contains("scan: note: not audited because not ACTIVE: " + MEMBERS.get("closed")
                        + " (closed) SUSPENDED")
                .contains("scan: error: account " + MEMBERS.get("sandbox") + " (sandbox): cannot assume ")
                .contains("scan: error: account " + MEMBERS.get("legacy") + " (legacy): cannot assume ");

        assertThat(proxy.maxInFlight()).as("requests in flight at once").isEqualTo(2);
        assertThat(ASSUME_ROLES.get()).as("one AssumeRole per ACTIVE member account, none for the management account")
                .isEqualTo(6);
    }

    @Test
    void trustOrganizationMakesTheExecutionRolesInternalButNotTheRolesThatTrustAPartner() throws Exception {
        int status = scan("--format", "json", "--trust-organization", "--accounts",
                MEMBERS.get("prod") + "," + MEMBERS.get("dev"));

        assertThat(status).as(err.toString()).isEqualTo(1);
        Map<String, String> verdicts = new HashMap<>();
        for (JsonNode line : lines()) {
            verdicts.put(line.get("accountId").asText() + "/" + line.get("roleName").asText(), line.get("compliance").asText());
        }
        assertThat(verdicts).containsEntry(MEMBERS.get("prod") + "/" + EXECUTION_ROLE, "NOT_APPLICABLE")
                .containsEntry(MEMBERS.get("dev") + "/" + EXECUTION_ROLE, "NOT_APPLICABLE")
                .containsEntry(MEMBERS.get("prod") + "/partner-nomfa", "NON_COMPLIANT")
                .containsEntry(MEMBERS.get("dev") + "/vendor", "NON_COMPLIANT")
                .hasSize(EXPECTED.get(MEMBERS.get("prod")).size() + EXPECTED.get(MEMBERS.get("dev")).size());
    }

    @Test
    void theAccountsOptionAuditsOnlyThoseAndNamesASuspendedOrUnknownAccount() throws Exception {
        int status = scan("--format", "json", "--accounts", MEMBERS.get("logs") + "," + MEMBERS.get("closed")
                + ",000000000000");

        assertThat(status).isEqualTo(2);
        Map<String, String> entries = new LinkedHashMap<>();
        for (JsonNode line : lines()) {
            entries.put(line.get("accountId").asText(), line.has("error") ? line.get("error").asText()
                    : line.get("roleName").asText());
        }
        assertThat(entries).containsExactly(
                Map.entry(MEMBERS.get("closed"), "the account is SUSPENDED in the organization: its roles cannot be audited"),
                Map.entry("000000000000", "not an account of organization " + organizationId()
                        + " (organizations:ListAccounts does not list it)"),
                Map.entry(MEMBERS.get("logs"), EXECUTION_ROLE));
    }

    @Test
    void theTextAndHtmlReportsHaveEachAccountAndTheOrganizationsTotals() throws Exception {
        Path html = dir.resolve("organization.html");

        int textStatus = scan("--accounts", MEMBERS.get("prod") + "," + MEMBERS.get("sandbox"));
        int htmlStatus = scan("--format", "html", "--output", html.toString(), "--accounts", MEMBERS.get("prod") + ","
                + MEMBERS.get("data"));

        assertThat(textStatus).isEqualTo(2);
        assertThat(out.toString()).contains("Account " + MEMBERS.get("prod") + " (prod)")
                .contains("4 roles: 2 NON_COMPLIANT, 1 COMPLIANT, 1 NOT_APPLICABLE")
                .contains(MEMBERS.get("sandbox") + " (sandbox)  not audited: cannot assume ")
                .contains("Organization " + organizationId() + ": 2 accounts (1 not audited), 4 roles: ");
        assertThat(htmlStatus).isEqualTo(1);
        assertThat(Files.readString(html)).contains("<option value=\"" + MEMBERS.get("data") + "\">" + MEMBERS.get("data")
                        + " (data)</option>")
                .contains("<span class=\"n\" id=\"total\">" + (4 + 27) + "</span>")
                .contains("data-a=\"" + MEMBERS.get("prod") + "\"");
    }

    private static String organizationId() {
        try (OrganizationsClient organizations = OrganizationsClient.builder().region(Region.AWS_GLOBAL)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            return organizations.describeOrganization().organization().id();
        }
    }
}
