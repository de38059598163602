package io.github.crossaccountmfa.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountmfa.testing.SharedAwsFiles;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --profile} / {@code --region} resolved as the AWS CLI resolves them, from profile files in a temp dir. */
class AwsConnectionSettingsTest {
    @TempDir
    Path dir;

    private SharedAwsFiles files;

    @BeforeEach
    void files() throws Exception {
        files = SharedAwsFiles.in(dir);
        files.config("[default]\nregion = ap-southeast-2\n[profile gov]\nregion = us-gov-east-1\n"
                + "[profile china]\nregion = cn-northwest-1\n");
    }

    @AfterEach
    void restore() {
        files.close();
    }

    private static AwsConnectionSettings settings(String profile, String region) {
        return new AwsConnectionSettings(Optional.ofNullable(profile), Optional.ofNullable(region));
    }

    @Test
    void theProfilesRegionAndItsPartition() {
        assertThat(settings("gov", null).describe())
                .isEqualTo("profile gov, region us-gov-east-1 (the SDK's region chain), partition aws-us-gov");
        assertThat(settings("china", null).describe()).endsWith("region cn-northwest-1 (the SDK's region chain), "
                + "partition aws-cn");
        assertThat(settings(null, null).describe()).contains("region ap-southeast-2").endsWith("partition aws");
    }

    @Test
    void regionOptionBeatsTheEnvironmentWhichBeatsTheProfile() {
        System.setProperty("aws.region", "eu-west-3"); // the in-process AWS_REGION

        assertThat(settings("gov", null).describe()).contains("region eu-west-3 ").endsWith("partition aws");
        assertThat(settings("gov", "us-gov-west-1").describe())
                .isEqualTo("profile gov, region us-gov-west-1 (--region), partition aws-us-gov");
    }

    @Test
    void theClientsUseTheResolvedRegion() {
        try (AwsClients clients = settings("china", null).clients()) {
            assertThat(clients.region().id()).isEqualTo("cn-northwest-1");
        }
        try (AwsClients clients = settings("china", "us-east-2").clients()) {
            assertThat(clients.region().id()).isEqualTo("us-east-2");
        }
    }

    @Test
    void anUnknownProfileIsRefusedBeforeAnyCallNamingTheFiles() {
        assertThatThrownBy(() -> settings("audit", null).check())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--profile audit: no such profile in " + files.configFile() + " or "
                        + dir.resolve("credentials"));
        assertThat(settings("gov", null).check().profile()).contains("gov");
    }

    @Test
    void valuesThatCannotBeAProfileOrRegionNameAreUsageErrors() {
        assertThatThrownBy(() -> settings("a b", null)).hasMessage("--profile \"a b\" is not a profile name");
        assertThatThrownBy(() -> settings(null, "EU-WEST-1"))
                .hasMessage("--region \"EU-WEST-1\" is not an AWS region name (e.g. eu-west-1)");
        assertThat(settings(" ", " ")).isEqualTo(AwsConnectionSettings.DEFAULT);
    }
}
