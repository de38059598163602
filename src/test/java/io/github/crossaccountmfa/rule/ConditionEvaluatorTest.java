package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.policy.Condition;
import io.github.crossaccountmfa.policy.TrustPolicy;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IAM operator semantics, one row per rule: operator, key's request value ("-" = absent, "a|b" = two values). */
class ConditionEvaluatorTest {

    private static Condition condition(String operator, String values) {
        String json = values.startsWith("[") ? values : "\"" + values + "\"";
        return TrustPolicy.parse("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\","
                + "\"Condition\":{\"" + operator + "\":{\"k\":" + json + "}}}]}").statements().get(0).conditions().get(0);
    }

    private static RequestValue request(String text) {
        if (text.equals("-")) {
            return RequestValue.ABSENT;
        }
        if (text.equals("[]")) {
            return RequestValue.EMPTY_SET;
        }
        return RequestValue.of(List.of(text.split("\\|")));
    }

    @ParameterizedTest(name = "{0} {1} against {2} = {3}")
    @CsvSource(delimiter = ';', textBlock = """
            Bool;                              true;                   true;      true
            Bool;                              true;                   false;     false
            Bool;                              true;                   -;         false
            Bool;                              TRUE;                   true;      true
            Bool;                              yes;                    true;      false
            Bool;                              ["true","false"];       false;     true
            BoolIfExists;                      true;                   -;         true
            BoolIfExists;                      true;                   false;     false
            ForAllValues:Bool;                 true;                   -;         true
            ForAnyValue:Bool;                  true;                   -;         false
            ForAnyValue:Bool;                  true;                   true;      true
            Null;                              true;                   -;         true
            Null;                              false;                  -;         false
            Null;                              false;                  x;         true
            StringEquals;                      abc;                    abc;       true
            StringEquals;                      abc;                    ABC;       false
            StringEqualsIgnoreCase;            abc;                    ABC;       true
            StringNotEquals;                   abc;                    -;         true
            StringNotEquals;                   ["a","b"];              b;         false
            StringNotEquals;                   ["a","b"];              c;         true
            StringLike;                        ab*;                    abc;       true
            StringNotLike;                     ab*;                    abc;       false
            StringLike;                        ab*;                    -;         false
            StringLikeIfExists;                ab*;                    -;         true
            NumericLessThan;                   3600;                   100;       true
            NumericLessThan;                   3600;                   3600;      false
            NumericLessThan;                   3600;                   -;         false
            NumericLessThanIfExists;           3600;                   -;         true
            NumericGreaterThanEquals;          0;                      0;         true
            NumericEquals;                     10;                     10.0;      true
            NumericNotEquals;                  10;                     -;         true
            DateLessThan;                      2030-01-01T00:00:00Z;   2029-12-31T23:59:59Z; true
            DateLessThan;                      2030-01-01;             1893456000; false
            DateGreaterThan;                   2030-01-01T00:00:00Z;   -;         false
            IpAddress;                         203.0.113.0/24;         203.0.113.9; true
            IpAddress;                         203.0.113.0/24;         203.0.114.9; false
            NotIpAddress;                      203.0.113.0/24;         -;         true
            IpAddress;                         2001:db8::/32;          2001:db8::1; true
            IpAddress;                         203.0.113.0/24;         not-an-ip; false
            ArnLike;                           arn:aws:iam::*:role/prod*; arn:aws:iam::222222222222:role/production; true
            ArnEquals;                         arn:aws:iam::*:role/prod*; arn:aws:iam::222222222222:user/production; false
            ArnNotLike;                        arn:aws:iam::*:role/prod*; -;      true
            ForAllValues:StringEquals;         ["a","b"];              a|b;       true
            ForAllValues:StringEquals;         ["a","b"];              a|c;       false
            ForAllValues:StringEquals;         ["a","b"];              [];        true
            ForAnyValue:StringEquals;          ["a","b"];              c|b;       true
            ForAnyValue:StringEquals;          ["a","b"];              [];        false
            StringEquals;                      a;                      c|a;       true
            BinaryEquals;                      QmluYXJ5;               QmluYXJ5;  true
            """)
    void operatorFollowsIamSemantics(String operator, String values, String request, boolean expected) {
        assertThat(ConditionEvaluator.evaluate(condition(operator, values.strip()), request(request.strip())))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"203.0.113.7/24, true", "2001:DB8::/32, true", "10.0.0.0/33, false", "example.com, false"})
    void cidrBlocksParseWithoutResolvingHostNames(String cidr, boolean valid) {
        assertThat(ConditionEvaluator.Cidr.parse(cidr).isPresent()).isEqualTo(valid);
    }
}
