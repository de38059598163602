package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.aws.AwsConnectionSettings;
import io.github.crossaccountmfa.report.Policies;
import io.github.crossaccountmfa.testing.MotoServer;
import io.github.crossaccountmfa.testing.SharedAwsFiles;
import java.nio.file.Files;
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

    @Test
    void anUnknownProfileIsAnErrorNamingItAndTheFiles() throws Exception {
        files.config(profile("base", "us-east-1", KEYS));

        CliRun run = CliRun.of("scan", "--profile", "nope");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("scan: error: --profile nope: no such profile in " + files.configFile()
                + " or " + dir.resolve("credentials") + System.lineSeparator());
    }
}
