package io.github.crossaccountmfa.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.cli.Main;
import io.github.crossaccountmfa.testing.MotoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code remediate} from the command line, against a real moto IAM. */
@Tag("moto")
@ExtendWith(MotoServer.class)
class RemediateCommandTest {
    private IamRoles roles;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() {
        roles = IamRoles.fresh();
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void dryRunPrintsTheProposedPolicyExitsOneAndLeavesTheRoleUnchanged() {
        roles.create("partner-access", IamRoles.OFFENDING);
        JsonNode original = roles.trustPolicy("partner-access");

        int status = run("remediate", "--role-name", "partner-access");

        assertThat(status).as(err.toString()).isEqualTo(Main.NON_COMPLIANT);
        JsonNode printed = IamRoles.tree(out.toString());
        assertThat(printed.at("/Statement/0/Condition/Bool/aws:MultiFactorAuthPresent").asText()).isEqualTo("true");
        assertThat(err.toString()).contains("NON_COMPLIANT").contains("statement 1: added").contains("dry run");
        assertThat(roles.trustPolicy("partner-access")).isEqualTo(original);
    }

    @Test
    void applyWritesThePolicyExitsZeroAndASecondApplyHasNothingToChange() {
        roles.create("partner-access", IamRoles.OFFENDING);

        int first = run("remediate", "--role-name", "partner-access", "--apply");
        JsonNode printed = IamRoles.tree(out.toString());
        out.getBuffer().setLength(0);
        int second = run("remediate", "--role-name", "partner-access", "--apply");

        assertThat(first).as(err.toString()).isEqualTo(Main.OK);
        assertThat(roles.trustPolicy("partner-access")).isEqualTo(printed);
        assertThat(second).isEqualTo(Main.OK);
        assertThat(err.toString()).contains("applied with UpdateAssumeRolePolicy").contains("nothing to change");
        assertThat(IamRoles.tree(out.toString())).as("the current policy is printed").isEqualTo(printed);
    }

    @Test
    void roleIdAndJsonFormatGiveTheSameObjectAsTheLambda() {
        String id = roles.create("partner-access", IamRoles.OFFENDING);

        int status = run("remediate", "--role-id", id, "--format", "json");

        assertThat(status).isEqualTo(Main.NON_COMPLIANT);
        assertThat(out.toString().strip()).doesNotContain("\n");
        JsonNode line = IamRoles.tree(out.toString());
        assertThat(line.get("roleId").asText()).isEqualTo(id);
        assertThat(line.get("changed").asBoolean()).isTrue();
        assertThat(line.get("applied").asBoolean()).isFalse();
        assertThat(line.at("/proposedPolicy/Statement/0/Condition/Bool/aws:MultiFactorAuthPresent").asText())
                .isEqualTo("true");
    }

    @Test
    void parametersChangeWhatIsOffending() {
        roles.create("partner-access", IamRoles.OFFENDING);

        int status = run("remediate", "--role-name", "partner-access",
                "--parameters", "{\"TrustedAccountIds\":\"222222222222\"}");

        assertThat(status).isEqualTo(Main.OK);
        assertThat(err.toString()).contains("NOT_APPLICABLE").contains("nothing to change");
    }

    @Test
    void compliantRoleExitsZero() {
        roles.create("with-mfa", IamRoles.COMPLIANT);

        assertThat(run("remediate", "--role-name", "with-mfa")).isEqualTo(Main.OK);
    }

    @Test
    void unknownRoleIsAnErrorWithExitTwo() {
        int status = run("remediate", "--role-name", "nobody");

        assertThat(status).isEqualTo(Main.ERROR);
        assertThat(err.toString()).contains("remediate: error: no IAM role named nobody");
    }

    @Test
    void malformedParametersAreAnErrorWithExitTwo() {
        int status = run("remediate", "--role-name", "x", "--parameters", "{\"Trusted\":\"1\"}");

        assertThat(status).isEqualTo(Main.ERROR);
        assertThat(err.toString()).contains("unknown rule parameter \"Trusted\"");
    }

    @Test
    void someRoleOrAllIsRequiredAndAllExcludesNamedRoles() {
        assertThat(run("remediate")).isEqualTo(Main.ERROR);
        assertThat(err.toString()).contains("name the roles with --role-name or --role-id, or give --all");
        assertThat(run("remediate", "--all", "--role-name", "a")).isEqualTo(Main.ERROR);
        assertThat(err.toString()).contains("--all and --role-name / --role-id exclude each other");
    }

    @Test
    void severalRolesGiveOneResultEachAndTheWorstStatus() {
        String id = roles.create("partner-access", IamRoles.OFFENDING);
        roles.create("with-mfa", IamRoles.COMPLIANT);

        int status = run("remediate", "--role-name", "with-mfa", "--role-id", id, "--format", "json");

        assertThat(status).as(err.toString()).isEqualTo(Main.NON_COMPLIANT);
        List<JsonNode> lines = out.toString().lines().map(IamRoles::tree).toList();
        assertThat(lines).extracting(l -> l.get("roleName").asText()).containsExactly("with-mfa", "partner-access");
        assertThat(lines).extracting(l -> l.get("changed").asBoolean()).containsExactly(false, true);
    }

    @Test
    void aRoleThatFailsCostsOnlyItselfAndTheStatusIsTwo() {
        roles.create("partner-access", IamRoles.OFFENDING);
        JsonNode original = roles.trustPolicy("partner-access");

        int status = run("remediate", "--role-name", "nobody", "--role-name", "partner-access", "--apply",
                "--format", "json");

        assertThat(status).isEqualTo(Main.ERROR);
        List<JsonNode> lines = out.toString().lines().map(IamRoles::tree).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("roleName").asText()).isEqualTo("nobody");
        assertThat(lines.get(0).get("error").asText()).contains("no IAM role named nobody");
        assertThat(lines.get(1).get("applied").asBoolean()).isTrue();
        assertThat(roles.trustPolicy("partner-access")).isNotEqualTo(original);
        assertThat(err.toString()).contains("remediate: error: no IAM role named nobody");
    }

    @Test
    void allIsADryRunOverEveryNonCompliantRoleAndApplyFixesThemAll() {
        roles.create("partner-a", IamRoles.OFFENDING);
        roles.create("partner-b", IamRoles.SPLIT_NEEDED);
        roles.create("with-mfa", IamRoles.COMPLIANT);
        JsonNode before = roles.trustPolicy("partner-a");

        int dryRun = run("remediate", "--all", "--format", "json");
        List<JsonNode> proposed = out.toString().lines().map(IamRoles::tree).toList();
        out.getBuffer().setLength(0);
        assertThat(roles.trustPolicy("partner-a")).as("a dry run writes nothing").isEqualTo(before);
        int apply = run("remediate", "--all", "--apply");
        int again = run("remediate", "--all");

        assertThat(dryRun).as(err.toString()).isEqualTo(Main.NON_COMPLIANT);
        assertThat(proposed).extracting(l -> l.get("roleName").asText()).containsExactlyInAnyOrder("partner-a", "partner-b");
        assertThat(proposed).allSatisfy(l -> assertThat(l.get("applied").asBoolean()).isFalse());
        assertThat(apply).isEqualTo(Main.OK);
        assertThat(roles.trustPolicy("partner-a")).isNotEqualTo(before);
        assertThat(again).isEqualTo(Main.OK);
        assertThat(err.toString()).contains("remediate: 2 NON_COMPLIANT roles")
                .contains("remediate: 0 NON_COMPLIANT roles; nothing to do");
    }

    @Test
    void quietPrintsThePolicyOnly() {
        roles.create("partner-access", IamRoles.OFFENDING);

        int status = run("remediate", "--quiet", "--role-name", "partner-access");

        assertThat(status).isEqualTo(Main.NON_COMPLIANT);
        assertThat(err.toString()).isEmpty();
        assertThat(IamRoles.tree(out.toString()).at("/Statement/0/Condition/Bool/aws:MultiFactorAuthPresent").asText())
                .isEqualTo("true");
    }
}
