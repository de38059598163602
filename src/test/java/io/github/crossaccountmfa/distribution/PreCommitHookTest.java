package io.github.crossaccountmfa.distribution;

import static io.github.crossaccountmfa.distribution.Processes.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The pre-commit hook: .pre-commit-hooks.yaml and its wrapper bin/pre-commit-check-template, run on this
 * repository's own templates and on a role assumable without MFA, with the jar of this build.
 */
@Tag("shell")
class PreCommitHookTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final String PARTNER_TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Resources:
              PartnerRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: '2012-10-17'
                    Statement:
                      - Effect: Allow
                        Principal: {AWS: 'arn:aws:iam::222222222222:root'}
                        Action: sts:AssumeRole
            """;

    @TempDir
    static Path jarDirectory;
    static Map<String, String> environment;

    @TempDir
    Path work;

    @BeforeAll
    static void jar() {
        environment = Map.of("CROSS_ACCOUNT_MFA_RULE_JAR", LauncherJar.create(jarDirectory).toString());
    }

    /** The values this repository's templates are deployed with in CI's checks (a central account 111111111111). */
    static final List<String> DEPLOYMENT_VALUES = List.of("--account", "222222222222",
            "--parameter-overrides", "CentralRoleArn=arn:aws:iam::111111111111:role/CrossAccountMfaRuleFunction",
            "--parameters", "{\"TrustedAccountIds\":\"111111111111\"}");

    private static Processes.Result hook(Path directory, String... arguments) {
        return hook(directory, List.of(), arguments);
    }

    private static Processes.Result hook(Path directory, List<String> options, String... files) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/pre-commit-check-template").toString()));
        command.addAll(options);
        command.addAll(List.of(files));
        return Processes.run(directory, environment, command);
    }

    /** The member execution role is trusted by the central account's function role: compliant once trusted. */
    @Test
    void projectTemplatesPassWithTheirDeploymentValues() {
        Processes.Result result = hook(ROOT, DEPLOYMENT_VALUES, "template.yaml", "deploy/member-execution-role.yaml",
                "deploy/member-remediation.yaml", "deploy/organization.yaml", "deploy/conformance-pack.yaml");

        assertStatus(result, 0);
        assertThat(result.output()).contains("5 roles in 5 files: 0 NON_COMPLIANT");
    }

    @Test
    void roleWhoseTrustIsLeftOpenGetsTheWorstCase() {
        Processes.Result result = hook(ROOT, "deploy/member-execution-role.yaml");

        assertStatus(result, 1);
        assertThat(result.output()).contains("NON_COMPLIANT  deploy/member-execution-role.yaml#ExecutionRole",
                "assuming Ref CentralRoleArn");
    }

    @Test
    void roleAssumableWithoutMfaFailsTheCommit() throws IOException {
        Files.writeString(work.resolve("template.yaml"), PARTNER_TEMPLATE);

        Processes.Result result = hook(work, "template.yaml");

        assertStatus(result, 1);
        assertThat(result.output()).contains("NON_COMPLIANT  template.yaml#PartnerRole",
                "Assumable without MFA by arn:aws:iam::222222222222:root");
    }

    /** pre-commit puts the hook's args before the file names: here they make the partner the role's own account. */
    @Test
    void argsOfTheHookReachCheckTemplate() throws IOException {
        Files.writeString(work.resolve("template.yaml"), PARTNER_TEMPLATE);

        Processes.Result result = hook(work, List.of("--account", "222222222222"), "template.yaml");

        assertStatus(result, 0);
        assertThat(result.output()).contains("0 NON_COMPLIANT");
    }

    /** pre-commit passes whatever matches the hook's files: a file that is not a template fails the commit. */
    @Test
    void fileThatIsNotATemplateFailsClosed() throws IOException {
        Files.writeString(work.resolve("template.yaml"), "name: not a template\n");

        Processes.Result result = hook(work, "template.yaml");

        assertStatus(result, 2);
        assertThat(result.output()).contains("template.yaml: error: neither a CloudFormation");
    }

    @Test
    void noFilesIsNothingToCheck() {
        assertStatus(hook(ROOT), 0);
    }

    @Test
    void manifestRunsTheWrapperSeriallyOnTemplateFiles() throws IOException {
        List<Map<String, Object>> hooks = new Yaml().load(Files.readString(ROOT.resolve(".pre-commit-hooks.yaml")));
        Map<String, Object> hook = hooks.stream().filter(h -> "check-template".equals(h.get("id"))).findFirst()
                .orElseThrow();

        assertThat(hook).containsEntry("language", "script").containsEntry("require_serial", true);
        assertThat(ROOT.resolve((String) hook.get("entry"))).isExecutable();
        // pre-commit matches `files` with Python's re.search; this pattern means the same in Java.
        Pattern files = Pattern.compile((String) hook.get("files"));
        assertThat(List.of("template.yaml", "template.yml", "stacks/template.json", "cdk.out/App.template.json",
                "infra/network-template.yaml")).allMatch(path -> files.matcher(path).find());
        assertThat(List.of("deploy/organization.yaml", "package.json", "mytemplate.yaml", "template.yaml.bak",
                ".github/workflows/ci.yml")).noneMatch(path -> files.matcher(path).find());
    }

    /** The real pre-commit, as a user's repository runs it: it clones this repository and runs the hook. */
    @Test
    @Tag("pre-commit")
    void preCommitRunsTheHookFromItsCloneOfThisRepository() throws IOException {
        Path user = work.resolve("user-repository");
        Files.createDirectories(user.resolve("stacks"));
        Files.copy(ROOT.resolve("template.yaml"), user.resolve("template.yaml"));
        Files.writeString(user.resolve("stacks/partner.template.yaml"), PARTNER_TEMPLATE);
        Files.writeString(user.resolve("README.md"), "not a template\n");
        Map<String, String> git = Map.of("GIT_AUTHOR_NAME", "test", "GIT_AUTHOR_EMAIL", "test@example.com",
                "GIT_COMMITTER_NAME", "test", "GIT_COMMITTER_EMAIL", "test@example.com",
                "PRE_COMMIT_HOME", work.resolve("pre-commit-cache").toString(),
                "CROSS_ACCOUNT_MFA_RULE_JAR", environment.get("CROSS_ACCOUNT_MFA_RULE_JAR"));
        assertStatus(Processes.run(user, git, List.of("git", "init", "-q")), 0);
        assertStatus(Processes.run(user, git, List.of("git", "add", ".")), 0);

        Processes.Result result = Processes.run(user, git,
                List.of("pre-commit", "try-repo", ROOT.toString(), "check-template", "--all-files"));

        assertStatus(result, 1);
        assertThat(result.output()).contains("- hook id: check-template",
                "NON_COMPLIANT  stacks/partner.template.yaml#PartnerRole",
                "NOT_APPLICABLE  template.yaml#RemediationAutomationRole",
                "2 roles in 2 files: 1 NON_COMPLIANT");
    }
}
