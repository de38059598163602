package io.github.crossaccountmfa.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.rule.Compliance;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample behind the browser test and the README screenshot says what the rule really says. */
class SampleRolesTest {

    @Test
    void everySampleRoleGetsTheVerdictTheSampleExpects() {
        SampleRoles sample = SampleRoles.load();

        ScanResult result = ScanFixtures.scan(sample.source, sample.parameters);

        Map<String, Compliance> actual = new LinkedHashMap<>();
        result.roles().forEach(r -> actual.put(r.role().name(), r.compliance()));
        assertThat(actual).containsExactlyEntriesOf(sample.expected);
        assertThat(result.total()).isEqualTo(40);
        assertThat(result.unreadable()).isEmpty();
    }
}
