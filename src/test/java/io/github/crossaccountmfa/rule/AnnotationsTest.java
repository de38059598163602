package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Annotations fit AWS Config's 256 characters and are never cut between the two halves of a surrogate pair. */
class AnnotationsTest {
    private static final String ROCKET = "\uD83D\uDE80"; // one character outside the BMP: a surrogate pair

    @ParameterizedTest(name = "cut after {0} characters")
    @ValueSource(ints = {250, 251, 252, 253, 254, 255, 256})
    void truncationNeverSplitsASurrogatePair(int prefix) {
        String text = "x".repeat(prefix) + ROCKET.repeat(20);

        String annotation = Annotations.truncate(text);

        assertThat(annotation).hasSizeLessThanOrEqualTo(Evaluation.MAX_ANNOTATION).endsWith("…");
        assertWellFormed(annotation);
    }

    @Test
    void aShortTextIsKeptAndABlankOneSaysSo() {
        assertThat(Annotations.truncate("Role was deleted")).isEqualTo("Role was deleted");
        assertThat(Annotations.truncate(" ")).isEqualTo("No details.");
    }

    @ParameterizedTest(name = "prefix of {0} characters")
    @ValueSource(ints = {0, 1, 2, 3, 100, 229, 230, 231, 232})
    void aListWhoseFirstItemIsCutNeverSplitsASurrogatePairEither(int prefix) {
        String item = "x".repeat(prefix) + ROCKET.repeat(200);

        String annotation = Annotations.list("Assumable without MFA by ", List.of(item, "second"), "");

        assertThat(annotation).hasSizeLessThanOrEqualTo(Evaluation.MAX_ANNOTATION).endsWith("; +1 more");
        assertWellFormed(annotation);
    }

    private static void assertWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1).as("high surrogate at %d is followed by its low half", i).isLessThan(text.length());
                assertThat(Character.isLowSurrogate(text.charAt(++i))).isTrue();
            } else {
                assertThat(Character.isLowSurrogate(c)).as("lone low surrogate at %d", i).isFalse();
            }
        }
    }
}
