package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.report.AwsCallException;
import io.github.crossaccountmfa.report.FakeOrganization;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code scan --organization} with a fake organization: options, exit statuses, streaming, errors. */
class ScanOrganizationCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROD = "111111111111";
    private static final String DEV = "222222222222";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> executionRoles = new ArrayList<>();
    private boolean terminal;
    private boolean connected;

    private int run(Organization organization, String... args) {
        ScanCommand command = new ScanCommand(profile -> {
            connected = true;
            return new ScanConnection() {
                @Override
                public RoleSource roles() {
                    throw new AssertionError("organization mode scans through the organization");
                }

                @Override
                public Organization organization(String executionRoleName) {
                    executionRoles.add(executionRoleName);
                    return organization;
                }

                @Override
                public void close() {
                }
            };
        }, () -> terminal);
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static FakeOrganization compliant() {
        return new FakeOrganization()
                .account(PROD, "prod", new FakeRoleSource(PROD).add("auditor", "/", Policies.thirdPartyWithMfa(DEV)))
                .account(DEV, "dev", new FakeRoleSource(DEV).add("lambda", "/", Policies.service("lambda.amazonaws.com")));
    }

    private static FakeOrganization withAFinding() {
        return compliant().account("333333333333", "data", new FakeRoleSource("333333333333")
                .add("vendor", "/", Policies.thirdPartyWithoutMfa("555555555555")));
    }

    @Test
    void exitsZeroWhenNoRoleOfAnyAccountIsNonCompliant() {
        assertThat(run(compliant(), "--organization")).isZero();
        assertThat(out.toString()).contains("Account 111111111111 (prod)").contains("Account 222222222222 (dev)")
                .endsWith("Organization o-a1b2c3d4e5: 2 accounts, 2 roles: 0 NON_COMPLIANT, 1 COMPLIANT, 1 NOT_APPLICABLE"
                        + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void exitsOneWhenARoleOfSomeAccountIsNonCompliant() {
        assertThat(run(withAFinding(), "--organization", "--format", "json")).isEqualTo(1);
        assertThat(out.toString().lines()).hasSize(3);
    }

    @Test
    void anAccountThatCannotBeEnteredIsAnErrorEntryTheOthersAreReportedAndTheExitStatusIsTwo() throws Exception {
        FakeOrganization organization = withAFinding().refusing("444444444444", "sandbox",
                FakeOrganization.accessDenied("444444444444"));

        int status = run(organization, "--organization", "--format", "json");

        assertThat(status).isEqualTo(2);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(l -> l.get("accountId").asText())
                .containsExactlyInAnyOrder(PROD, DEV, "333333333333", "444444444444");
        JsonNode error = lines.stream().filter(l -> l.has("error")).findFirst().orElseThrow();
        assertThat(error.get("accountId").asText()).isEqualTo("444444444444");
        assertThat(err.toString()).isEqualTo("scan: error: account 444444444444 (sandbox): " + error.get("error").asText()
                + System.lineSeparator());
    }

    @Test
    void anUnreadableTrustPolicyInAnAccountIsNamedOnStderrAndTheExitStatusIsTwo() {
        FakeOrganization organization = compliant().account("333333333333", "data",
                new FakeRoleSource("333333333333").add("broken", "/", Policies.UNPARSEABLE));

        int status = run(organization, "--organization", "--format", "json");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("scan: error: account 333333333333 (data): role broken: not a valid "
                + "trust policy: ").endsWith("(reported NON_COMPLIANT, as the rule does)" + System.lineSeparator());
    }

    @Test
    void theExecutionRoleIsTheOptionElseTheParametersElseOrganizationAccountAccessRole() {
        run(compliant(), "--organization");
        run(compliant(), "--organization", "--parameters", "{\"ExecutionRoleName\":\"AuditRole\"}");
        run(compliant(), "--organization", "--parameters", "{\"ExecutionRoleName\":\"AuditRole\"}",
                "--execution-role-name", "SecurityAudit");

        assertThat(executionRoles).containsExactly("OrganizationAccountAccessRole", "AuditRole", "SecurityAudit");
        assertThat(err.toString()).doesNotContain("is ignored");
    }

    @Test
    void organizationOptionsWithoutOrganizationOrWithBadValuesAreUsageErrorsBeforeAnyAwsCall() {
        assertThat(run(compliant(), "--accounts", PROD)).isEqualTo(2);
        assertThat(err.toString()).contains("scan: error: --accounts needs --organization");
        assertThat(run(compliant(), "--trust-organization")).isEqualTo(2);
        assertThat(run(compliant(), "--organization", "--accounts", PROD + ",12345")).isEqualTo(2);
        assertThat(err.toString()).contains("--accounts: \"12345\" is not a 12-digit account id");
        assertThat(run(compliant(), "--organization", "--max-concurrency", "0")).isEqualTo(2);
        assertThat(run(compliant(), "--organization", "--max-concurrency", "65")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-concurrency: 65 is not between 1 and 64");
        assertThat(run(compliant(), "--organization", "--execution-role-name", "role/with/path")).isEqualTo(2);
        assertThat(run(compliant(), "--organization", "--max-concurrency", "many")).isEqualTo(2);
        assertThat(connected).isFalse();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theAccountsOptionRestrictsTheAudit() {
        int status = run(withAFinding(), "--organization", "--accounts", PROD + "," + DEV, "--format", "json");

        assertThat(status).isZero();
        assertThat(out.toString().lines()).hasSize(2).noneMatch(l -> l.contains("333333333333"));
    }

    @Test
    void outputWritesTheWholeReportAtomicallyAndTheOrganizationsTotalsToStderr() throws Exception {
        Path report = dir.resolve("org.html");

        int status = run(withAFinding(), "--organization", "--format", "html", "--output", report.toString());

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("<select id=\"account\"")
                .endsWith("</html>\n");
        assertThat(err.toString()).isEqualTo("scan: 3 accounts, 3 roles: 1 NON_COMPLIANT, 1 COMPLIANT, 1 NOT_APPLICABLE; "
                + "report written to " + report + System.lineSeparator());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(report);
        }
    }

    @Test
    void whenTheOrganizationCannotBeListedThereIsNoReportAndAnExistingFileIsUntouched() throws Exception {
        Path report = dir.resolve("org.json");
        Files.writeString(report, "yesterday's report");
        FakeOrganization organization = compliant().failListing(new AwsCallException("organizations:DescribeOrganization",
                "", AwsCallException.Kind.OTHER, "AWSOrganizationsNotInUseException",
                "Your account is not a member of an organization.", 400, 1));

        int status = run(organization, "--organization", "--format", "json", "--output", report.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("scan: error: the account of these credentials is not in an AWS "
                + "Organization (AWSOrganizationsNotInUseException: Your account is not a member of an organization.); "
                + "no report was produced" + System.lineSeparator());
        assertThat(Files.readString(report)).isEqualTo("yesterday's report");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(report);
        }
    }

    @Test
    void accountsThatAreNotActiveAreNotedButAreNoError() {
        FakeOrganization organization = compliant().account("444444444444", "old", "SUSPENDED", new FakeRoleSource());

        int status = run(organization, "--organization", "--format", "json");

        assertThat(status).isZero();
        assertThat(err.toString()).isEqualTo("scan: note: not audited because not ACTIVE: 444444444444 (old) SUSPENDED"
                + System.lineSeparator());
    }

    @Test
    void showsTheProgressBarOnATerminalAndErasesIt() throws Exception {
        terminal = true;
        Path report = dir.resolve("org.txt");

        run(withAFinding(), "--organization", "--output", report.toString());

        assertThat(err.toString()).contains("\r[").contains(" 3/3 accounts, 3 roles")
                .endsWith("\rscan: 3 accounts, 3 roles: 1 NON_COMPLIANT, 1 COMPLIANT, 1 NOT_APPLICABLE; report written to "
                        + report + System.lineSeparator());
    }
}
