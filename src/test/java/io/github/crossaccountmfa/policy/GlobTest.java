package io.github.crossaccountmfa.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
    @ParameterizedTest(name = "{0} ~ {1} (ignoreCase={2}) = {3}")
    @CsvSource({
            "sts:AssumeRole, sts:AssumeRole, false, true",
            "sts:*, sts:AssumeRole, false, true",
            "*, anything, false, true",
            "*, '', false, true",
            "sts:Assume*, sts:AssumeRoleWithSAML, false, true",
            "sts:AssumeRol?, sts:AssumeRole, false, true",
            "sts:AssumeRol?, sts:AssumeRol, false, false",
            "STS:ASSUMEROLE, sts:AssumeRole, true, true",
            "STS:ASSUMEROLE, sts:AssumeRole, false, false",
            "a*b*c, aXXbYYc, false, true",
            "a*b*c, aXXbYY, false, false",
            "*x*y*, x, false, false",
            "arn:aws:iam::*:role/prod*, arn:aws:iam::222222222222:role/production, false, true",
    })
    void matchesLikeIam(String pattern, String text, boolean ignoreCase, boolean expected) {
        assertThat(Glob.matches(pattern, text, ignoreCase)).isEqualTo(expected);
    }

    /** Star-only patterns take a fast path: it must agree with a regular expression on random patterns and texts. */
    @Test
    void starOnlyPatternsAgreeWithARegularExpression() {
        Random random = new Random(20261202L);
        String alphabet = "ab:*";
        for (int i = 0; i < 20_000; i++) {
            String pattern = random(random, alphabet, 8);
            String text = random(random, "ab:", 10);
            String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q");
            assertThat(Glob.matches(pattern, text, false)).as(pattern + " ~ " + text)
                    .isEqualTo(Pattern.compile(regex, Pattern.DOTALL).matcher(text).matches());
        }
    }

    private static String random(Random random, String alphabet, int maxLength) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
