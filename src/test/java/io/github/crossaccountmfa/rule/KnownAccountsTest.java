package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KnownAccountsTest {

    @Test
    void bundledListNamesDocumentedVendorsEachWithASource() {
        KnownAccounts bundled = KnownAccounts.bundled();

        assertThat(bundled.name("464622532012")).contains("Datadog");
        assertThat(bundled.entries()).isNotEmpty().allSatisfy(e -> assertThat(e.sources()).isNotEmpty()
                .allSatisfy(url -> assertThat(url).startsWith("https://")));
    }

    @Test
    void communitySchemaIsReadAndTheUsersNamesWin() {
        KnownAccounts mine = KnownAccounts.parse("""
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
        assertThatThrownBy(() -> KnownAccounts.parse("""
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
        assertThatThrownBy(() -> KnownAccounts.parse("- accounts: [\"333333333333\"]\n", "f"))
                .hasMessage("f: entry 1: name: expected a non-empty string");
        assertThatThrownBy(() -> KnownAccounts.parse("- name: X\n", "f"))
                .hasMessage("f: entry 1 (X): accounts: expected a list");
        assertThatThrownBy(() -> KnownAccounts.parse("name: X\n", "f"))
                .hasMessageStartingWith("f: expected a list of entries");
        assertThatThrownBy(() -> KnownAccounts.parse("- name: X\n  acounts: []\n", "f"))
                .hasMessageStartingWith("f: entry 1 (X): unknown key acounts");
    }

    @Test
    void brokenYamlIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> KnownAccounts.parse("- name: [unclosed\n", "f"))
                .hasMessageStartingWith("f: not valid YAML");
    }
}
