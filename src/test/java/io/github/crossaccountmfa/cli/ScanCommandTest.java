package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.report.FakeRoleSource;
import io.github.crossaccountmfa.report.Organization;
import io.github.crossaccountmfa.report.Policies;
import io.github.crossaccountmfa.report.ScanConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<Optional<String>> profiles = new ArrayList<>();
    private final List<Optional<String>> regions = new ArrayList<>();
    private boolean closed;
    private boolean terminal;

    private int run(RoleSource source, String... args) {
        ScanCommand command = new ScanCommand(settings -> {
            profiles.add(settings.profile());
            regions.add(settings.region());
            return new ScanConnection() {
                @Override
                public RoleSource roles() {
                    return source;
                }

                @Override
                public Organization organization(String executionRoleName) {
                    throw new AssertionError("not in organization mode");
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }, () -> terminal);
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static FakeRoleSource compliantAccount() {
        return new FakeRoleSource()
                .add("partner-mfa", "/", Policies.thirdPartyWithMfa(Policies.PARTNER))
                .add("lambda", "/service-role/", Policies.service("lambda.amazonaws.com"));
    }

    private static FakeRoleSource accountWithAFinding() {
        return compliantAccount().add("partner", "/", Policies.thirdPartyWithoutMfa(Policies.PARTNER));
    }

    @Test
    void exitsZeroWhenNoRoleIsNonCompliantAndPrintsTheTable() {
        int status = run(compliantAccount());

        assertThat(status).isZero();
        assertThat(out.toString()).startsWith("ROLE ").contains("partner-mfa  COMPLIANT ")
                .endsWith("2 roles: 0 NON_COMPLIANT, 1 COMPLIANT, 1 NOT_APPLICABLE" + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
        assertThat(closed).isTrue();
    }

    @Test
    void exitsOneWhenSomeRoleIsNonCompliant() {
        int status = run(accountWithAFinding());

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("partner      NON_COMPLIANT   arn:aws:iam::222222222222:root");
    }

    @Test
    void jsonFormatPrintsOneSpecObjectPerRolePerLine() throws Exception {
        int status = run(accountWithAFinding(), "--format", "json");

        assertThat(status).isEqualTo(1);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            List<String> keys = new ArrayList<>();
            JSON.readTree(line).fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("accountId", "roleName", "roleId", "arn", "compliance", "annotation",
                    "findings", "access");
        }
        JsonNode last = JSON.readTree(lines.get(2));
        assertThat(last.get("accountId").asText()).isEqualTo(Policies.ACCOUNT);
        assertThat(last.get("roleName").asText()).isEqualTo("partner");
        assertThat(last.get("compliance").asText()).isEqualTo("NON_COMPLIANT");
    }

    @Test
    void htmlFormatPrintsTheSelfContainedPage() {
        int status = run(accountWithAFinding(), "--format", "html");

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).startsWith("<!DOCTYPE html>").contains(">partner</td>").endsWith("</html>\n");
    }

    @Test
    void outputWritesTheReportToTheFileAndAOneLineSummaryToStderr() throws Exception {
        Path report = dir.resolve("report.html");

        int status = run(accountWithAFinding(), "--format", "html", "--output", report.toString());

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>");
        assertThat(err.toString()).isEqualTo("scan: 3 roles: 1 NON_COMPLIANT, 1 COMPLIANT, 1 NOT_APPLICABLE; report written to "
                + report + System.lineSeparator());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(report);
        }
    }

    @Test
    void passesTheProfileToTheConnection() {
        run(compliantAccount(), "--profile", "audit");
        run(compliantAccount());

        assertThat(profiles).containsExactly(Optional.of("audit"), Optional.empty());
    }

    @Test
    void aListingFailurePrintsNoReportLeavesAnExistingFileUntouchedAndExitsTwo() throws Exception {
        Path report = dir.resolve("report.json");
        Files.writeString(report, "yesterday's report");
        FakeRoleSource failing = accountWithAFinding().failListingAfter(2, new IllegalStateException("connection reset"));

        int textStatus = run(failing);
        int fileStatus = run(failing, "--format", "json", "--output", report.toString());

        assertThat(textStatus).isEqualTo(2);
        assertThat(fileStatus).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("scan: error: iam:ListRoles failed after 2 roles were listed")
                .contains("connection reset").contains("no report was produced");
        assertThat(Files.readString(report)).isEqualTo("yesterday's report");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(report);
        }
    }

    @Test
    void invalidParametersAreAnErrorNamingTheKeyBeforeAnyAwsCall() {
        int status = run(compliantAccount(), "--parameters", "{\"TrustedAccountIds\":\"12345\"}");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("scan: error: ").contains("TrustedAccountIds");
        assertThat(profiles).isEmpty();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownFormatOrOptionIsAUsageError() {
        assertThat(run(compliantAccount(), "--format", "xml")).isEqualTo(2);
        assertThat(run(compliantAccount(), "--bogus")).isEqualTo(2);
        assertThat(profiles).isEmpty();
    }

    @Test
    void anOutputInAMissingDirectoryIsAnErrorBeforeAnyAwsCall() {
        int status = run(compliantAccount(), "--output", dir.resolve("missing/report.txt").toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("no such directory");
        assertThat(profiles).isEmpty();
    }

    @Test
    void anUnparseableTrustPolicyIsReportedNonCompliantButTheExitStatusIsTwo() {
        int status = run(compliantAccount().add("broken", "/", Policies.UNPARSEABLE));

        assertThat(status).isEqualTo(2);
        assertThat(out.toString()).contains("broken       NON_COMPLIANT   Trust policy could not be parsed");
        assertThat(err.toString()).startsWith("scan: error: role broken: The trust policy could not be parsed: ");
    }

    @Test
    void theExemptionTagMakesATaggedRoleNotApplicableWithOneTagLookupPerWouldBeNonCompliantRole() {
        FakeRoleSource source = accountWithAFinding()
                .add("vendor", "/", Policies.thirdPartyWithoutMfa("444444444444"), java.util.Map.of("mfa-exempt", "SEC-1"));

        int status = run(source, "--parameters", "{\"ExemptionTagKey\":\"mfa-exempt\"}", "--format", "json");

        assertThat(status).isEqualTo(1);
        assertThat(source.tagLookups()).containsExactly("partner", "vendor");
        assertThat(out.toString()).contains("\"roleName\":\"vendor\"").contains("Exempt by tag mfa-exempt: SEC-1");
    }

    @Test
    void showsNoProgressWhenStderrIsNotATerminal() {
        terminal = false;
        FakeRoleSource many = new FakeRoleSource();
        for (int i = 0; i < 3000; i++) {
            many.add("role-" + i, "/", Policies.ownAccount());
        }

        run(many, "--format", "json");

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void showsAProgressLineOnATerminalAndErasesItBeforeTheSummary() throws Exception {
        terminal = true;
        FakeRoleSource slow = new FakeRoleSource().delayPerRole(10);
        for (int i = 0; i < 30; i++) {
            slow.add("role-" + i, "/", Policies.ownAccount());
        }
        Path report = dir.resolve("report.txt");

        run(slow, "--output", report.toString());

        assertThat(err.toString()).contains("\rListed ").contains(" roles, evaluated ")
                .endsWith("\rscan: 30 roles: 0 NON_COMPLIANT, 0 COMPLIANT, 30 NOT_APPLICABLE; report written to "
                        + report + System.lineSeparator());
    }

    @Test
    void quietOnATerminalShowsNeitherProgressNorTheSummary() throws Exception {
        terminal = true;
        FakeRoleSource slow = new FakeRoleSource().delayPerRole(10);
        for (int i = 0; i < 30; i++) {
            slow.add("role-" + i, "/", Policies.ownAccount());
        }
        Path report = dir.resolve("report.txt");

        int status = run(slow, "--quiet", "--output", report.toString());

        assertThat(status).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(Files.readString(report)).contains("30 roles");
    }

    @Test
    void quietLeavesOutTheNotes() {
        run(compliantAccount(), "--quiet", "--parameters", "{\"ExecutionRoleName\":\"Audit\"}");
        String quiet = err.toString();
        run(compliantAccount(), "--parameters", "{\"ExecutionRoleName\":\"Audit\"}");

        assertThat(quiet).isEmpty();
        assertThat(err.toString()).contains("scan: note: ExecutionRoleName is ignored without --organization");
    }

    @Test
    void passesTheRegionToTheConnection() {
        run(compliantAccount(), "--region", "us-gov-west-1");
        run(compliantAccount());

        assertThat(regions).containsExactly(Optional.of("us-gov-west-1"), Optional.empty());
    }

    @Test
    void verboseSaysWhichRegionAndPartitionTheScanUses() {
        run(compliantAccount(), "--verbose", "--region", "cn-northwest-1", "--format", "json");

        assertThat(err.toString()).startsWith("scan: profile (default chain), region cn-northwest-1 (--region), "
                + "partition aws-cn" + System.lineSeparator()).contains("scan: 2 roles: 0 NON_COMPLIANT");
    }

    @Test
    void aRegionThatCannotBeOneIsAnErrorBeforeAnyAwsCall() {
        int status = run(compliantAccount(), "--region", "eu west 1");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("scan: error: --region \"eu west 1\" is not an AWS region name "
                + "(e.g. eu-west-1)" + System.lineSeparator());
        assertThat(regions).isEmpty();
    }

    @Test
    void detectsThatStderrIsNotATerminalUnderTheTestRunner() {
        assertThat(ScanCommand.stderrIsTerminal()).isFalse();
    }
}
