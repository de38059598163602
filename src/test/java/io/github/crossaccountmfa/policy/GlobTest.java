package io.github.crossaccountmfa.policy;

import static org.assertj.core.api.Assertions.assertThat;

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
}
