package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.testing.SharedAwsFiles;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint that cannot be reached (a host name that does not resolve, a port nobody listens on) is reported in
 * the tool's words, naming the host, for every command that calls AWS; never the SDK's "See cause".
 */
class AwsUnreachableTest {
    private static final String KEYS = "aws_access_key_id = AKIAPROFILEPROFILE01\naws_secret_access_key = s\n";

    @TempDir
    Path dir;

    private SharedAwsFiles files;

    @BeforeEach
    void files() throws Exception {
        files = SharedAwsFiles.in(dir);
    }

    @AfterEach
    void restore() {
        files.close();
    }

    private void profileWithEndpoint(String endpoint) throws Exception {
        files.config("[profile far]\nregion = eu-west-1\nendpoint_url = " + endpoint + "\n" + KEYS);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void scanNamesTheHostThatDoesNotResolve() throws Exception {
        profileWithEndpoint("http://iam.nowhere.invalid:4566");

        CliRun run = CliRun.of("scan", "--profile", "far");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("scan: error: iam:ListRoles failed: cannot reach IAM: unknown host "
                + "iam.nowhere.invalid (DNS has no address for it)").doesNotContain("See cause");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void scanNamesTheHostAndPortThatRefuseTheConnection() throws Exception {
        int port = closedPort();
        profileWithEndpoint("http://127.0.0.1:" + port);

        CliRun run = CliRun.of("scan", "--profile", "far");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("scan: error: iam:ListRoles failed: cannot reach IAM: connection refused by "
                + "127.0.0.1:" + port).doesNotContain("See cause");
    }

    @Test
    void theStsHostOfAProfilesRoleArnIsNamedToo() throws Exception {
        files.config("[profile base]\nregion = eu-west-1\n" + KEYS
                + "[profile auditor]\nregion = eu-west-1\nrole_arn = arn:aws:iam::123456789012:role/auditor\n"
                + "source_profile = base\n");
        System.setProperty("aws.endpointUrlSts", "http://sts.nowhere.invalid:4566");

        CliRun run = CliRun.of("scan", "--profile", "auditor");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("unknown host sts.nowhere.invalid (DNS has no address for it)")
                .doesNotContain("See cause");
    }

    @Test
    void remediateNamesTheHostThatDoesNotResolve() throws Exception {
        profileWithEndpoint("http://iam.nowhere.invalid:4566");

        CliRun run = CliRun.of("remediate", "--profile", "far", "--role-name", "partner");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("unknown host iam.nowhere.invalid").doesNotContain("See cause");
    }

    @Test
    void evaluateNamesTheHostThatDoesNotResolve() throws Exception {
        profileWithEndpoint("http://nowhere.invalid:4566");

        CliRun run = CliRun.of("evaluate", "--profile", "far",
                Path.of("events/scheduled.json").toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("unknown host nowhere.invalid").doesNotContain("See cause");
    }

    @Test
    void evaluateNamesTheAwsConfigEndpointThatRefusesTheConnection() throws Exception {
        // a change event needs no IAM call: the first call is PutEvaluations, to the profile's endpoint_url
        int port = closedPort();
        profileWithEndpoint("http://127.0.0.1:" + port);

        CliRun run = CliRun.of("evaluate", "--profile", "far",
                Path.of("events/change-noncompliant.json").toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("PutEvaluations").contains("connection refused by 127.0.0.1:" + port
                + " (3 attempts)").doesNotContain("See cause"); // retried as the SDK retries connection errors
    }
}
