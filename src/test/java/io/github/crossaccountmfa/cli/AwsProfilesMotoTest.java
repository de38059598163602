package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.aws.AwsConnectionSettings;
import io.github.crossaccountmfa.report.Policies;
import io.github.crossaccountmfa.testing.MotoServer;
import io.github.crossaccountmfa.testing.SharedAwsFiles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code --profile} and {@code --region} with the AWS CLI's semantics, against a real moto server reached only
 * through what the shared config files (written to a temporary directory) say: the profile's {@code region} and
 * {@code endpoint_url}, {@code credential_process}, {@code role_arn} with {@code source_profile}, and the partition
 * of the region in the ARNs (moto keeps one IAM per partition, chosen by the request's signing region).
 */
@Tag("moto")
@ExtendWith(MotoServer.class)
@Timeout(120)
class AwsProfilesMotoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEYS = "aws_access_key_id = AKIAPROFILEPROFILE01\naws_secret_access_key = profile-secret\n";

    @TempDir
    Path dir;

    private SharedAwsFiles files;

    @BeforeEach
    void freshMoto() throws Exception {
        MotoServer.reset();
        files = SharedAwsFiles.in(dir);
    }

    @AfterEach
    void restore() {
        files.close();
    }

    private String profile(String name, String region, String... more) {
        return "[profile " + name + "]\nregion = " + region + "\nendpoint_url = " + MotoServer.endpoint() + "\n"
                + String.join("\n", more) + "\n";
    }

    /** Creates a role that a partner can assume without MFA, through the profile's own settings. */
    private static void createRole(String profile, String roleName) {
        try (AwsClients clients = new AwsConnectionSettings(Optional.of(profile), Optional.empty()).clients();
             IamClient iam = clients.iam()) {
            iam.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(Policies.thirdPartyWithoutMfa(Policies.PARTNER)));
        }
    }

    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void theProfilesRegionAndEndpointUrlAreUsedAndAGovCloudRegionGivesAwsUsGovArns() throws Exception {
        files.config(profile("gov", "us-gov-west-1", KEYS));
        createRole("gov", "partner-gov");

        CliRun run = CliRun.of("scan", "--profile", "gov", "--format", "json");

        assertThat(run.status()).as(run.err()).isEqualTo(1);
        JsonNode role = lines(run.out()).getFirst();
        assertThat(role.get("roleName").asText()).isEqualTo("partner-gov");
        assertThat(role.get("arn").asText()).startsWith("arn:aws-us-gov:iam::");
        assertThat(role.get("compliance").asText()).isEqualTo("NON_COMPLIANT");
    }

    @Test
    void aChinaRegionGivesAwsCnArnsAndTheAwsPartitionSeesNoneOfThem() throws Exception {
        files.config(profile("china", "cn-north-1", KEYS) + profile("global", "eu-west-1", KEYS));
        createRole("china", "partner-cn");

        CliRun china = CliRun.of("scan", "--profile", "china", "--format", "json");
        CliRun global = CliRun.of("scan", "--profile", "global", "--format", "json");

        assertThat(lines(china.out())).singleElement()
                .satisfies(role -> assertThat(role.get("arn").asText()).startsWith("arn:aws-cn:iam::"));
        assertThat(global.status()).as(global.err()).isZero();
        assertThat(lines(global.out())).isEmpty();
    }

    @Test
    void regionOptionOverridesTheRegionPropertyWhichOverridesTheProfilesRegion() throws Exception {
        files.config(profile("gov", "us-gov-west-1", KEYS));
        createRole("gov", "partner-gov");

        CliRun fromProfile = CliRun.of("scan", "--profile", "gov", "--format", "json");
        System.setProperty("aws.region", "cn-north-1"); // what AWS_REGION is to a process
        CliRun fromEnvironment = CliRun.of("scan", "--profile", "gov", "--format", "json");
        CliRun fromOption = CliRun.of("scan", "--profile", "gov", "--region", "us-gov-east-1", "--format", "json");
        CliRun otherPartition = CliRun.of("scan", "--profile", "gov", "--region", "eu-west-1", "--format", "json");

        assertThat(lines(fromProfile.out())).hasSize(1);
        assertThat(lines(fromEnvironment.out())).as("the China partition has no roles").isEmpty();
        assertThat(lines(fromOption.out())).singleElement()
                .satisfies(role -> assertThat(role.get("arn").asText()).startsWith("arn:aws-us-gov:"));
        assertThat(lines(otherPartition.out())).isEmpty();
    }

    @Test
    void theServicesSectionGivesEachServiceItsOwnEndpoint() throws Exception {
        files.config(profile("keys", "us-east-1", KEYS)
                + "[profile split]\nregion = us-east-1\nservices = local\n" + KEYS
                + "[services local]\niam =\n  endpoint_url = " + MotoServer.endpoint() + "\n"
                + "sts =\n  endpoint_url = http://127.0.0.1:1\n");
        createRole("keys", "partner");

        CliRun run = CliRun.of("scan", "--profile", "split", "--format", "json");

        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(lines(run.out())).hasSize(1);
    }

    @Test
    void credentialProcessIsRunForTheProfilesCredentials() throws Exception {
        Path ran = dir.resolve("ran");
        Path process = dir.resolve("credentials.sh");
        Files.writeString(process, "#!/bin/sh\ntouch '" + ran + "'\n"
                + "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROCESSPROCESS01\", \"SecretAccessKey\": \"s\"}'\n");
        Files.setPosixFilePermissions(process, PosixFilePermissions.fromString("rwx------"));
        files.config(profile("keys", "us-east-1", KEYS) + profile("process", "us-east-1", "credential_process = " + process));
        createRole("keys", "partner");

        CliRun run = CliRun.of("scan", "--profile", "process", "--format", "json");

        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(lines(run.out())).singleElement()
                .satisfies(role -> assertThat(role.get("roleName").asText()).isEqualTo("partner"));
        assertThat(ran).as("credential_process was run").exists();
    }

    @Test
    void sourceProfileAssumesTheRoleThroughStsAndTheCommandsActAsIt() throws Exception {
        files.config(profile("base", "us-east-1", KEYS)
                + profile("auditor", "us-east-1", "role_arn = arn:aws:iam::123456789012:role/auditor",
                "source_profile = base", "role_session_name = audit-session"));
        createRole("base", "partner");
        // The SDK's role_arn provider builds its own STS client, which reads AWS_ENDPOINT_URL_STS but not the
        // profile's endpoint_url (SDK 2.40): the property is that variable, in-process.
        System.setProperty("aws.endpointUrlSts", MotoServer.endpoint());

        CliRun run = CliRun.of("scan", "--profile", "auditor", "--format", "json");
        String caller;
        try (AwsClients clients = new AwsConnectionSettings(Optional.of("auditor"), Optional.empty()).clients();
             StsClient sts = clients.sts()) {
            caller = sts.getCallerIdentity().arn();
        }

        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(lines(run.out())).hasSize(1);
        assertThat(caller).isEqualTo("arn:aws:sts::123456789012:assumed-role/auditor/audit-session");
    }

    /**
     * An SSO profile as {@code aws sso login} leaves it: an sso-session, its cached token under {@code $HOME}, and
     * SSO's GetRoleCredentials (a WireMock stub: moto has no SSO portal) for the role's keys. In a child JVM,
     * because the SDK finds the token cache through {@code HOME}.
     */
    @Test
    void anSsoProfileGetsTheRolesCredentialsWithTheCachedToken() throws Exception {
        WireMockServer sso = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        sso.start();
        try {
            sso.stubFor(get(urlPathEqualTo("/federation/credentials")).willReturn(okJson("{\"roleCredentials\":{"
                    + "\"accessKeyId\":\"ASIASSOSSOSSOSSO0001\",\"secretAccessKey\":\"s\",\"sessionToken\":\"t\","
                    + "\"expiration\":" + Instant.now().plus(Duration.ofHours(1)).toEpochMilli() + "}}")));
            files.config(profile("keys", "us-east-1", KEYS) + profile("sso", "us-east-1", "sso_session = corp",
                    "sso_account_id = 123456789012", "sso_role_name = Auditor")
                    + "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n");
            createRole("keys", "partner");
            Path home = Files.createDirectories(dir.resolve("home"));
            Path cache = Files.createDirectories(home.resolve(".aws/sso/cache"));
            String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest("corp".getBytes(StandardCharsets.UTF_8)));
            Files.writeString(cache.resolve(name + ".json"), "{\"accessToken\":\"cached-sso-token\","
                    + "\"expiresAt\":\"" + Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS)
                    + "\",\"region\":\"us-east-1\",\"startUrl\":\"https://corp.awsapps.com/start\"}");

            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "scan", "--profile", "sso", "--format", "json")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(key -> key.startsWith("AWS_"));
            env.put("HOME", home.toString());
            env.put("AWS_CONFIG_FILE", files.configFile().toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString());
            env.put("AWS_ENDPOINT_URL_SSO", sso.baseUrl());
            Process process = builder.start();
            assertThat(process.waitFor(100, TimeUnit.SECONDS)).as("the scan finished").isTrue();

            assertThat(process.exitValue()).as(Files.readString(dir.resolve("err"))).isEqualTo(1);
            assertThat(lines(Files.readString(dir.resolve("out")))).hasSize(1);
            sso.verify(getRequestedFor(urlPathEqualTo("/federation/credentials"))
                    .withQueryParam("role_name", equalTo("Auditor"))
                    .withQueryParam("account_id", equalTo("123456789012"))
                    .withHeader("x-amz-sso_bearer_token", equalTo("cached-sso-token")));
        } finally {
            sso.stop();
        }
    }

    @Test
    void anUnknownProfileIsAnErrorNamingItAndTheFiles() throws Exception {
        files.config(profile("base", "us-east-1", KEYS));

        CliRun run = CliRun.of("scan", "--profile", "nope");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("scan: error: --profile nope: no such profile in " + files.configFile()
                + " or " + dir.resolve("credentials") + System.lineSeparator());
    }
}
