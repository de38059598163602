package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.report.FakeOrganization;
import io.github.crossaccountmfa.report.FakeRoleSource;
import io.github.crossaccountmfa.report.Organization;
import io.github.crossaccountmfa.report.Policies;
import io.github.crossaccountmfa.report.ScanConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code third-parties --organization} with a fake organization: every account's roles in one grouping. */
class ThirdPartiesOrganizationCommandTest {
    private static final String PROD = "111111111111";
    private static final String DATA = "333333333333";
    private static final String VENDOR = "555555555555";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Organization organization, String... args) {
        ThirdPartiesCommand command = new ThirdPartiesCommand(profile -> new ScanConnection() {
            @Override
            public RoleSource roles() {
                throw new AssertionError("organization mode scans through the organization");
            }

            @Override
            public Organization organization(String executionRoleName) {
                return organization;
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

    private static FakeOrganization organization() {
        return new FakeOrganization()
                .account(PROD, "prod", new FakeRoleSource(PROD).add("vendor", "/", Policies.thirdPartyWithoutMfa(VENDOR)))
                .account(DATA, "data", new FakeRoleSource(DATA).add("vendor", "/", Policies.thirdPartyWithoutMfa(VENDOR))
                        .add("auditor", "/", Policies.thirdPartyWithMfa(VENDOR)));
    }

    @Test
    void oneEntryPerOutsideAccountAcrossTheOrganizationsAccounts() {
        int status = run(organization(), "--organization", "--format", "json");

        assertThat(status).isEqualTo(Main.NON_COMPLIANT);
        assertThat(out.toString().lines().toList()).singleElement().asString()
                .startsWith("{\"account\":\"" + VENDOR + "\",\"accountName\":null,\"public\":false,\"withoutMfa\":2,"
                        + "\"withMfa\":1,\"roles\":[{\"accountId\":\"" + PROD + "\",\"roleName\":\"vendor\"")
                .contains("{\"accountId\":\"" + DATA + "\",\"roleName\":\"vendor\"")
                .contains("{\"accountId\":\"" + DATA + "\",\"roleName\":\"auditor\"");
    }

    @Test
    void anAccountThatCannotBeEnteredIsAnErrorAndTheOthersAreStillListed() {
        FakeOrganization organization = organization().refusing("444444444444", "sandbox",
                FakeOrganization.accessDenied("444444444444"));

        int status = run(organization, "--organization", "--format", "json");

        assertThat(status).isEqualTo(Main.ERROR);
        assertThat(out.toString()).contains("\"account\":\"" + VENDOR + "\"");
        assertThat(err.toString()).contains("third-parties: error: account 444444444444");
    }
}
