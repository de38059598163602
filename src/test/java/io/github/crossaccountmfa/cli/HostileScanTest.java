package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.report.Organization;
import io.github.crossaccountmfa.report.ScanConnection;
import io.github.crossaccountmfa.report.FakeRoleSource;
import io.github.crossaccountmfa.report.Policies;
import io.github.crossaccountmfa.testing.HostileInputs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code scan} of an account where every hostile trust policy is one role among good ones. */
class HostileScanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theReportHasEveryRoleEachHostileOneNonCompliantAndStderrNamesThemWithStatusTwo() throws Exception {
        FakeRoleSource source = new FakeRoleSource().add("partner", "/", Policies.thirdPartyWithoutMfa(Policies.PARTNER));
        List<HostileInputs.Policy> hostile = HostileInputs.policies();
        for (int i = 0; i < hostile.size(); i++) {
            source.add("hostile-" + i, "/", hostile.get(i).policy()).add("good-" + i, "/", Policies.ownAccount());
        }
        source.add("deleted-meanwhile", "/", Policies.thirdPartyWithoutMfa(Policies.PARTNER))
                .deletedAfterListing("deleted-meanwhile");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = run(source, out, err, "--format", "json", "--parameters", "{\"ExemptionTagKey\":\"mfa-exempt\"}");

        assertThat(status).isEqualTo(2);
        List<JsonNode> roles = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            roles.add(JSON.readTree(line));
        }
        assertThat(roles).as("every role but the one deleted during the scan").hasSize(2 * hostile.size() + 1);
        for (JsonNode role : roles) {
            String name = role.get("roleName").asText();
            String expected = name.startsWith("good-") ? "NOT_APPLICABLE" : "NON_COMPLIANT";
            assertThat(role.get("compliance").asText()).as(name).isEqualTo(expected);
        }
        List<String> errors = err.toString().lines().toList();
        assertThat(errors).hasSize(hostile.size());
        for (int i = 0; i < hostile.size(); i++) {
            assertThat(errors.get(i)).startsWith("scan: error: role hostile-" + i + ": The trust policy could not be "
                    + "parsed: ").contains(hostile.get(i).message()).endsWith("(reported NON_COMPLIANT, as the rule does)")
                    .doesNotContain(HostileInputs.LIBRARY_TEXT);
        }
    }

    private static int run(RoleSource source, StringWriter out, StringWriter err, String... args) {
        ScanCommand command = new ScanCommand(profile -> new ScanConnection() {
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
            }
        }, () -> false);
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
