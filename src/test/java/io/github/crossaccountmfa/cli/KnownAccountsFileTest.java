package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountmfa.rule.KnownAccounts;
import org.junit.jupiter.api.Test;

/** --known-accounts files in the community YAML schema of fwdcloudsec/known_aws_accounts. */
class KnownAccountsFileTest {

    @Test
    void communitySchemaIsReadAndTheUsersNamesWin() {
        KnownAccounts mine = KnownAccountsOption.parse("""
                - name: Our Auditor
                  source: ["https://auditor.example"]
                  accounts:
                    - "333333333333"
                    - 444444444444
                - name: Renamed Datadog
                  accounts: ["464622532012"]
                """, "mine.yaml");
        KnownAccounts merged = KnownAccounts.bundled().merge(mine);

        assertThat(merged.name("333333333333")).contains("Our Auditor");
        assertThat(merged.name("444444444444")).contains("Our Auditor");
        assertThat(merged.name("464622532012")).contains("Renamed Datadog");
        assertThat(merged.name("555555555555")).isEmpty();
    }

    @Test
    void invalidAccountIdNamesTheEntry() {
        assertThatThrownBy(() -> KnownAccountsOption.parse("""
                - name: Good
                  accounts: ["333333333333"]
                - name: Bad Vendor
                  accounts: ["12345"]
                """, "mine.yaml"))
                .hasMessage("mine.yaml: entry 2 (Bad Vendor): accounts[1]: \"12345\" is not a 12-digit account id "
                        + "(quote ids that begin with 0)");
    }

    @Test
    void entryWithoutNameOrAccountsIsAnError() {
        assertThatThrownBy(() -> KnownAccountsOption.parse("- accounts: [\"333333333333\"]\n", "f"))
                .hasMessage("f: entry 1: name: expected a non-empty string");
        assertThatThrownBy(() -> KnownAccountsOption.parse("- name: X\n", "f"))
                .hasMessage("f: entry 1 (X): accounts: expected a list");
        assertThatThrownBy(() -> KnownAccountsOption.parse("name: X\n", "f"))
                .hasMessageStartingWith("f: expected a list of entries");
        assertThatThrownBy(() -> KnownAccountsOption.parse("- name: X\n  acounts: []\n", "f"))
                .hasMessageStartingWith("f: entry 1 (X): unknown key acounts");
    }

    @Test
    void brokenYamlIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> KnownAccountsOption.parse("- name: [unclosed\n", "f"))
                .hasMessageStartingWith("f: not valid YAML");
    }
}
