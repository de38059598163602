package io.github.crossaccountmfa.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {

    private static String print(ScanResult result) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            TextTable.print(out, result);
        }
        return text.toString();
    }

    @Test
    void listsRoleVerdictAndOffendingPrincipalsNonCompliantFirstThenTheTotals() {
        String text = print(ScanFixtures.scan(ScanFixtures.threeVerdicts(), ""));

        assertThat(text.lines().toList()).containsExactly(
                "ROLE           VERDICT         OFFENDING",
                "alpha-partner  NON_COMPLIANT   arn:aws:iam::222222222222:root, arn:aws:iam::333333333333:user/bob",
                "beta-mfa       COMPLIANT       Third-party access requires MFA: arn:aws:iam::222222222222:root (statement 1)",
                "zeta-own       NOT_APPLICABLE  No third-party AWS principal can assume this role; it trusts only own or trusted accounts",
                "",
                "3 roles: 1 NON_COMPLIANT, 1 COMPLIANT, 1 NOT_APPLICABLE");
    }

    @Test
    void showsTheFirstThreeOffendingPrincipalsAndHowManyMore() {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":[\
                "arn:aws:iam::222222222222:root","arn:aws:iam::333333333333:root","arn:aws:iam::444444444444:root",\
                "arn:aws:iam::555555555555:root","arn:aws:iam::666666666666:root"]}}]}""";
        String text = print(ScanFixtures.scan(new FakeRoleSource().add("many", "/", policy), ""));

        assertThat(text).contains("many  NON_COMPLIANT   arn:aws:iam::222222222222:root, arn:aws:iam::333333333333:root, "
                + "arn:aws:iam::444444444444:root +2 more");
    }

    @Test
    void keepsControlCharactersOfPolicyContentAwayFromTheTerminal() {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",\
                "Principal":{"AWS":"arn:aws:iam::222222222222:user/\\u001b]0;pwned\\u0007x"}}]}""";
        String text = print(ScanFixtures.scan(new FakeRoleSource().add("evil", "/", policy), ""));

        assertThat(text).doesNotContain("\u001b").doesNotContain("\u0007").contains("user/?]0;pwned?x");
    }

    @Test
    void anAccountWithoutRolesSaysSoWithZeroTotals() {
        String text = print(ScanFixtures.scan(new FakeRoleSource(), ""));

        assertThat(text).isEqualTo("No roles found.\n\n0 roles: 0 NON_COMPLIANT, 0 COMPLIANT, 0 NOT_APPLICABLE\n"
                .replace("\n", System.lineSeparator()));
    }
}
