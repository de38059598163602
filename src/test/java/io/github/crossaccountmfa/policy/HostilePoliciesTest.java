package io.github.crossaccountmfa.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.Finding;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import io.github.crossaccountmfa.testing.HostileInputs;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile trust policy is an error in the tool's own words, naming the element and (where the text has one)
 * its line and column, and the engine's verdict for it is NON_COMPLIANT with an annotation that says so.
 */
class HostilePoliciesTest {
    private static final VerdictEngine ENGINE = new VerdictEngine(RuleParameters.DEFAULTS);

    static List<HostileInputs.Policy> policies() {
        return HostileInputs.policies();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void theReaderSaysWhatIsWrongWhereInItsOwnWords(HostileInputs.Policy hostile) {
        PolicyParseException error = catchThrowableOfType(PolicyParseException.class,
                () -> TrustPolicy.parse(hostile.policy()));

        assertThat(error).as("a PolicyParseException, nothing else").isNotNull();
        assertThat(error.getMessage()).contains(hostile.message())
                .doesNotContain(HostileInputs.LIBRARY_TEXT)
                .doesNotContain("\n")
                .hasSizeLessThan(500);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void theVerdictIsNonCompliantWithAnAnnotationThatSaysWhy(HostileInputs.Policy hostile) {
        Evaluation evaluation = ENGINE.evaluateDocument(hostile.policy(), RoleContext.ofAccount("111111111111"));

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(evaluation.annotation()).startsWith("Trust policy could not be parsed, so it is not trusted: ")
                .hasSizeLessThanOrEqualTo(Evaluation.MAX_ANNOTATION)
                .doesNotContain(HostileInputs.LIBRARY_TEXT);
        assertThat(evaluation.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.UNPARSEABLE_POLICY);
            assertThat(f.message()).contains(hostile.message());
        });
    }
}
