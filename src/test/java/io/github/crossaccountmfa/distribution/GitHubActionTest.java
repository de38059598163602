package io.github.crossaccountmfa.distribution;

import static io.github.crossaccountmfa.distribution.PreCommitHookTest.PARTNER_TEMPLATE;
import static io.github.crossaccountmfa.distribution.PreCommitHookTest.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The composite action (action.yml): its run steps' shell, run as the runner runs them (see {@link CompositeAction}),
 * on this repository's templates and on a role assumable without MFA; the download of a release from a local
 * server with its checksum; fail-on. setup-java and upload-sarif are GitHub's and are not run here.
 */
@Tag("shell")
class GitHubActionTest {
    private static final CompositeAction ACTION = new CompositeAction(ROOT.resolve("action.yml"));
    private static final String UPLOAD_SARIF = "github/codeql-action/upload-sarif";
    private static final String CENTRAL_ROLE = "arn:aws:iam::111111111111:role/CrossAccountMfaRuleFunction";

    @TempDir
    static Path jarDirectory;
    static Path jar;

    @TempDir
    Path runnerTemp;
    @TempDir
    Path workspace;

    @BeforeAll
    static void jar() {
        jar = LauncherJar.create(jarDirectory);
    }

    @Test
    void projectTemplatesPassAndTheirSarifGoesToCodeScanning() throws IOException {
        CompositeAction.Run run = ACTION.run(ROOT, runnerTemp, Map.of("path", "template.yaml deploy/*.yaml",
                "jar", jar.toString(), "account", "222222222222",
                "parameter-overrides", "CentralRoleArn=" + CENTRAL_ROLE,
                "parameters", "{\"TrustedAccountIds\":\"111111111111\"}"));

        assertThat(run.succeeded()).as(run.log()).isTrue();
        assertThat(run.outputs()).containsEntry("exit-status", "0");
        JsonNode sarif = new ObjectMapper().readTree(Path.of(run.outputs().get("sarif-file")).toFile());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.path("runs").get(0).path("results")).isEmpty();
        assertThat(run.uses()).containsKey("actions/setup-java@b6effb05e454b25005698d916606bdc6ffcbf961");
        assertThat(upload(run)).containsEntry("sarif_file", run.outputs().get("sarif-file"))
                .containsEntry("category", "cross-account-mfa-rule");
        assertThat(run.step("check-template").output()).contains("5 roles in 5 files: 0 NON_COMPLIANT");
        assertThat(run.summary()).contains("exit status 0", "<pre>", "5 roles in 5 files: 0 NON_COMPLIANT", "</pre>");
        assertThat(run.step("Verdict").output()).contains("nothing is NON_COMPLIANT");
    }

    @Test
    void roleAssumableWithoutMfaIsAnnotatedAndFailsTheJob() throws IOException {
        Files.createDirectories(workspace.resolve("infra/nested"));
        Files.writeString(workspace.resolve("infra/nested/partner.yaml"), PARTNER_TEMPLATE);
        Files.copy(ROOT.resolve("template.yaml"), workspace.resolve("infra/template.yaml"));

        CompositeAction.Run run = ACTION.run(workspace, runnerTemp, Map.of("path", "infra/**/*.yaml",
                "jar", jar.toString(), "format", "json"));

        assertThat(run.outputs()).containsEntry("exit-status", "1");
        String check = run.step("check-template").output();
        // The report is printed with workflow commands stopped (it quotes the templates); the annotations after.
        Matcher stop = Pattern.compile("::stop-commands::([0-9a-f]{32})\n").matcher(check);
        assertThat(stop.find()).as(check).isTrue();
        int resume = check.indexOf("\n::" + stop.group(1) + "::\n");
        assertThat(check.substring(stop.end(), resume)).contains(
                "\"file\":\"infra/nested/partner.yaml\",\"resource\":\"PartnerRole\"", "\"file\":\"infra/template.yaml\"");
        assertThat(check.substring(resume)).contains("::error file=infra/nested/partner.yaml,line=3,title=CAMR001::"
                + "Assumable without MFA by arn:aws:iam::222222222222:root");
        assertThat(run.step("Verdict").status()).isNotZero();
        assertThat(run.step("Verdict").output()).contains("::error title=cross-account-mfa-rule::check-template "
                + "exit status 1: a role can be assumed from another AWS account without MFA");
        assertThat(upload(run)).containsEntry("sarif_file", run.outputs().get("sarif-file"));
    }

    @Test
    void theSameRoleTrustedThroughTheAccountInputPasses() throws IOException {
        Files.writeString(workspace.resolve("template.yaml"), PARTNER_TEMPLATE);

        CompositeAction.Run run = ACTION.run(workspace, runnerTemp, Map.of("path", "template.yaml",
                "jar", jar.toString(), "parameters", "{\"TrustedAccountIds\":\"222222222222\"}",
                "account", "111111111111"));

        assertThat(run.succeeded()).as(run.log()).isTrue();
        assertThat(run.outputs()).containsEntry("exit-status", "0");
    }

    @Test
    void invalidTrustPolicyIsStatusTwoAndAnErrorAnnotation() throws IOException {
        Files.writeString(workspace.resolve("template.yaml"), """
                Resources:
                  NoTrustPolicy:
                    Type: AWS::IAM::Role
                    Properties:
                      RoleName: no-trust-policy
                """);

        CompositeAction.Run run = ACTION.run(workspace, runnerTemp, Map.of("path", "template.yaml",
                "jar", jar.toString(), "fail-on", "error", "format", "sarif"));

        assertThat(run.outputs()).containsEntry("exit-status", "2");
        assertThat(run.step("check-template").output()).contains("\"ruleId\" : \"CAMR003\"",
                "::error file=template.yaml,line=2,title=CAMR003::AssumeRolePolicyDocument is missing");
        assertThat(run.step("Verdict").status()).isNotZero();
    }

    @Test
    void patternThatMatchesNothingIsAnInputError() {
        CompositeAction.Run run = ACTION.run(workspace, runnerTemp, Map.of("path", "missing/*.yaml",
                "jar", jar.toString(), "format", "sarif"));

        assertThat(run.outputs()).containsEntry("exit-status", "2");
        assertThat(run.step("check-template").output()).contains("missing/*.yaml");
    }

    @ParameterizedTest(name = "status {0}, fail-on {1}: fails = {2}")
    @CsvSource({
        "0, non-compliant, false", "0, error, false", "0, never, false",
        "1, non-compliant, true", "1, error, false", "1, never, false",
        "2, non-compliant, true", "2, error, true", "2, never, false",
        "134, never, true", "'', never, true"})
    void failOnDecidesWhichStatusFailsTheJob(String status, String failOn, boolean fails) {
        CompositeAction.Run run = ACTION.runStep("Verdict", workspace, runnerTemp, Map.of("fail-on", failOn),
                Map.of("check", Map.of("exit-status", status)));

        assertThat(run.step("Verdict").status() != 0).as(run.log()).isEqualTo(fails);
    }

    @Test
    void unknownFailOnIsRejectedBeforeAnythingRuns() {
        CompositeAction.Run run = ACTION.run(ROOT, runnerTemp, Map.of("path", "template.yaml",
                "jar", jar.toString(), "fail-on", "sometimes"));

        assertThat(run.step("check-template").status()).isNotZero();
        assertThat(run.step("check-template").output()).contains("fail-on: 'sometimes' is not");
        assertThat(run.outputs()).containsEntry("exit-status", "");
    }

    /** The deployment values decide the member role's verdict: without TrustedAccountIds the central role is a third party. */
    @Test
    void parametersFileReachesCheckTemplate() throws IOException {
        Path parameters = runnerTemp.resolve("member.json");
        Files.writeString(parameters, "[{\"ParameterKey\":\"CentralRoleArn\",\"ParameterValue\":\"" + CENTRAL_ROLE + "\"}]");

        CompositeAction.Run run = ACTION.run(ROOT, runnerTemp, Map.of("path", "deploy/member-execution-role.yaml",
                "jar", jar.toString(), "parameters-file", parameters.toString(), "fail-on", "never"));

        assertThat(run.succeeded()).as(run.log()).isTrue();
        assertThat(run.outputs()).containsEntry("exit-status", "1");
        assertThat(run.step("check-template").output()).contains("::error file=deploy/member-execution-role.yaml,"
                + "line=35,title=CAMR001::Assumable without MFA by " + CENTRAL_ROLE);
    }

    @Test
    void releasedJarOfThePomVersionIsDownloadedAndChecked() throws Exception {
        String version = pomVersion();
        byte[] bytes = Files.readAllBytes(jar);
        String asset = "cross-account-mfa-rule-" + version + ".jar";
        try (Releases releases = new Releases(Map.of(
                "/v" + version + "/" + asset, bytes,
                "/v" + version + "/SHA256SUMS", (sha256(new byte[] {1}) + "  other.zip\n" + sha256(bytes) + "  "
                        + asset + "\n").getBytes(StandardCharsets.US_ASCII)))) {

            CompositeAction.Run run = ACTION.run(ROOT, runnerTemp, Map.of("path", "template.yaml",
                    "releases-url", releases.url()));

            assertThat(run.succeeded()).as(run.log()).isTrue();
            assertThat(releases.requested).containsExactly("/v" + version + "/" + asset, "/v" + version + "/SHA256SUMS");
            assertThat(run.step("Get cross-account-mfa-rule").output()).contains(asset + ": OK");
        }
    }

    @Test
    void downloadedJarWithAnotherChecksumIsNotRun() throws Exception {
        byte[] bytes = Files.readAllBytes(jar);
        try (Releases releases = new Releases(Map.of(
                "/v9.8.7/cross-account-mfa-rule-9.8.7.jar", bytes,
                "/v9.8.7/SHA256SUMS", (sha256(new byte[] {1}) + "  cross-account-mfa-rule-9.8.7.jar\n")
                        .getBytes(StandardCharsets.US_ASCII)))) {

            CompositeAction.Run run = ACTION.run(ROOT, runnerTemp, Map.of("path", "template.yaml",
                    "version", "9.8.7", "releases-url", releases.url()));

            assertThat(run.step("Get cross-account-mfa-rule").status()).isNotZero();
            assertThat(run.step("Get cross-account-mfa-rule").output())
                    .contains("cross-account-mfa-rule-9.8.7.jar does not have the SHA-256 it should: not running it");
            assertThat(run.steps()).hasSize(1);
        }
    }

    @Test
    void pinnedChecksumIsCheckedInsteadOfTheReleases() throws Exception {
        byte[] bytes = Files.readAllBytes(jar);
        try (Releases releases = new Releases(Map.of("/v9.8.7/cross-account-mfa-rule-9.8.7.jar", bytes))) {
            Map<String, String> inputs = Map.of("path", "template.yaml", "version", "9.8.7",
                    "releases-url", releases.url());

            CompositeAction.Run pinned = ACTION.run(ROOT, runnerTemp, with(inputs, "sha256", sha256(bytes)));
            CompositeAction.Run wrong = ACTION.run(ROOT, runnerTemp, with(inputs, "sha256", sha256(new byte[] {1})));

            assertThat(pinned.succeeded()).as(pinned.log()).isTrue();
            assertThat(wrong.step("Get cross-account-mfa-rule").status()).isNotZero();
            assertThat(releases.requested).doesNotContain("/v9.8.7/SHA256SUMS");
        }
    }

    @Test
    void versionThatIsNoReleaseIsRejected() {
        CompositeAction.Run run = ACTION.run(ROOT, runnerTemp, Map.of("path", "template.yaml", "version", "latest"));

        assertThat(run.step("Get cross-account-mfa-rule").output()).contains("version: 'latest' is not a release version");
    }

    private static Map<String, String> upload(CompositeAction.Run run) {
        return run.uses().entrySet().stream().filter(use -> use.getKey().startsWith(UPLOAD_SARIF + "@"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
    }

    private static Map<String, String> with(Map<String, String> inputs, String name, String value) {
        Map<String, String> all = new HashMap<>(inputs);
        all.put(name, value);
        return all;
    }

    private static String pomVersion() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        var matcher = Pattern.compile("(?m)^  <version>([^<]+)</version>$").matcher(pom);
        assertThat(matcher.find()).as("project version in pom.xml").isTrue();
        return matcher.group(1);
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A release download server on 127.0.0.1: fixed paths, 404 for the rest; records what was asked for. */
    private static final class Releases implements AutoCloseable {
        final List<String> requested = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Releases(Map<String, byte[]> files) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                requested.add(path);
                byte[] body = files.get(path);
                exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
