package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnownAccountsTest {

    @Test
    void bundledListNamesDocumentedVendorsEachWithASource() {
        KnownAccounts bundled = KnownAccounts.bundled();

        assertThat(bundled.name("464622532012")).contains("Datadog");
        assertThat(bundled.entries()).isNotEmpty().allSatisfy(e -> assertThat(e.sources()).isNotEmpty()
                .allSatisfy(url -> assertThat(url).startsWith("https://")));
    }
}
