package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code third-parties --input}: exit statuses and argument errors, without AWS. */
class ThirdPartiesCommandTest {
    private static final String COMPLIANT = "{\"accountId\":\"111111111111\",\"roleName\":\"auditor\",\"roleId\":\"AROA1\","
            + "\"arn\":\"arn:aws:iam::111111111111:role/auditor\",\"compliance\":\"COMPLIANT\",\"annotation\":\"x\","
            + "\"findings\":[],\"access\":[{\"account\":\"333333333333\",\"accountName\":null,\"principal\":"
            + "\"arn:aws:iam::333333333333:root\",\"mfa\":\"required\",\"externalId\":false,\"public\":false,"
            + "\"statements\":[1]}]}";
    private static final String OFFENDING = COMPLIANT.replace("auditor", "vendor").replace("\"COMPLIANT\"",
            "\"NON_COMPLIANT\"").replace("\"required\"", "\"not-required\"");

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "third-parties";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private String saved(String... lines) throws IOException {
        Path file = dir.resolve("scan.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file.toString();
    }

    @Test
    void onlyCompliantAccessExitsZero() throws IOException {
        assertThat(run("--input", saved(COMPLIANT))).isEqualTo(Main.OK);
        assertThat(out.toString()).startsWith("333333333333  without MFA: 0 roles, with MFA only: 1 role");
    }

    @Test
    void accessWithoutMfaExitsOne() throws IOException {
        assertThat(run("--input", saved(COMPLIANT, OFFENDING), "--format", "markdown")).isEqualTo(Main.NON_COMPLIANT);
        assertThat(out.toString()).startsWith("# Who can get in");
    }

    @Test
    void anUnreachableAccountOrABadLineExitsTwoAndTheRestIsStillReported() throws IOException {
        int status = run("--input", saved(OFFENDING, "{\"accountId\":\"222222222222\",\"error\":\"AccessDenied\"}"),
                "--format", "json");

        assertThat(status).isEqualTo(Main.ERROR);
        assertThat(out.toString()).contains("\"account\":\"333333333333\"");
        assertThat(err.toString()).contains("third-parties: error: ").contains("account 222222222222 was not audited");
    }

    @Test
    void inputDoesNotGoWithOrganizationOrAMissingFile() throws IOException {
        assertThat(run("--input", saved(COMPLIANT), "--organization")).isEqualTo(Main.ERROR);
        assertThat(err.toString()).contains("--input reads a saved scan: --organization does not apply");
        assertThat(run("--input", dir.resolve("none.jsonl").toString())).isEqualTo(Main.ERROR);
        assertThat(err.toString()).contains("none.jsonl: no such file");
    }

    @Test
    void noticesMustBeADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");

        assertThat(run("--input", saved(OFFENDING), "--notices", file.toString())).isEqualTo(Main.ERROR);
        assertThat(err.toString()).contains("--notices " + file + " is not a directory");
        assertThat(out.toString()).isEmpty();
    }
}
