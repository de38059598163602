package io.github.crossaccountmfa.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustPolicyParseTest {

    @Test
    void readsEveryPrincipalShapeIamAccepts() {
        TrustPolicy policy = TrustPolicy.parse("""
                {"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Principal":{
                  "AWS":["222222222222","arn:aws:iam::333333333333:root","arn:aws-cn:iam::444444444444:user/path/bob",
                         "arn:aws:iam::555555555555:role/ops/deploy","arn:aws:sts::666666666666:assumed-role/R/s1",
                         "arn:aws:sts::777777777777:federated-user/fed","AROAEXAMPLEDELETED12","*", 888888888888],
                  "Service":"ec2.amazonaws.com","Federated":["cognito-identity.amazonaws.com"]},
                  "Action":"sts:AssumeRole"}]}""");

        List<Principal> principals = policy.statements().get(0).principal().principals();
        assertThat(principals).hasSize(11);
        assertThat(principals.get(0)).isEqualTo(new Principal.Account("222222222222", "", "222222222222"));
        assertThat(principals.get(1)).isEqualTo(new Principal.Account("arn:aws:iam::333333333333:root", "aws", "333333333333"));
        assertThat(principals.get(2)).isInstanceOfSatisfying(Principal.Identity.class, i -> {
            assertThat(i.type()).isEqualTo(Principal.IdentityType.USER);
            assertThat(i.partition()).isEqualTo("aws-cn");
            assertThat(i.name()).isEqualTo("bob");
        });
        assertThat(principals.get(3)).isInstanceOfSatisfying(Principal.Identity.class,
                i -> assertThat(i.name()).isEqualTo("deploy"));
        assertThat(principals.get(4)).isInstanceOfSatisfying(Principal.Identity.class, i -> {
            assertThat(i.type()).isEqualTo(Principal.IdentityType.ASSUMED_ROLE);
            assertThat(i.name()).isEqualTo("R");
            assertThat(i.session()).contains("s1");
        });
        assertThat(principals.get(5)).isInstanceOfSatisfying(Principal.Identity.class,
                i -> assertThat(i.type()).isEqualTo(Principal.IdentityType.FEDERATED_USER));
        assertThat(principals.get(6)).isInstanceOf(Principal.DeletedPrincipal.class);
        assertThat(principals.get(7)).isInstanceOf(Principal.Everyone.class);
        assertThat(principals.get(8).text()).as("an unquoted account id keeps 12 digits").isEqualTo("888888888888");
        assertThat(principals.get(9)).isEqualTo(new Principal.Service("ec2.amazonaws.com"));
        assertThat(principals.get(10)).isEqualTo(new Principal.Federated("cognito-identity.amazonaws.com"));
    }

    @Test
    void singleStatementObjectAndStringPrincipalAreAccepted() {
        TrustPolicy policy = TrustPolicy.parse("""
                {"Statement":{"Effect":"Deny","Principal":"*","NotAction":["sts:TagSession"]}}""");

        assertThat(policy.version()).isEmpty();
        Statement statement = policy.statements().get(0);
        assertThat(statement.effect()).isEqualTo(Effect.DENY);
        assertThat(statement.principal().principals()).containsExactly(new Principal.Everyone("*"));
        assertThat(statement.action().negated()).isTrue();
        assertThat(statement.action().covers("sts:AssumeRole")).isTrue();
    }

    @Test
    void conditionValuesMayBeStringsBooleansNumbersOrLists() {
        TrustPolicy policy = TrustPolicy.parse("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},
                 "Action":"sts:AssumeRole","Condition":{
                   "Bool":{"aws:MultiFactorAuthPresent":true},
                   "NumericLessThan":{"aws:MultiFactorAuthAge":3600},
                   "ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["a*","b"]}}}]}""");

        List<Condition> conditions = policy.statements().get(0).conditions();
        assertThat(conditions).extracting(Condition::values)
                .containsExactly(List.of("true"), List.of("3600"), List.of("a*", "b"));
        Condition tagKeys = conditions.get(2);
        assertThat(tagKeys.qualifier()).isEqualTo(SetQualifier.FOR_ANY_VALUE);
        assertThat(tagKeys.operator()).isEqualTo(Operator.STRING_LIKE);
        assertThat(tagKeys.ifExists()).isTrue();
        assertThat(tagKeys.normalizedKey()).isEqualTo("aws:tagkeys");
        assertThat(tagKeys.operatorText()).isEqualTo("ForAnyValue:StringLikeIfExists");
    }

    @Test
    void urlEncodedDocumentReadsLikeTheRawOne() {
        String raw = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},
                 "Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"50%off +plus"}}}]}""";
        String encoded = URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");

        assertThat(TrustPolicy.parse(encoded)).isEqualTo(TrustPolicy.parse(raw));
        assertThat(TrustPolicy.parse(raw).statements().get(0).conditions().get(0).values())
                .as("a raw document is never URL-decoded").containsExactly("50%off +plus");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            principal AWS as object         | {"Statement":[{"Effect":"Allow","Principal":{"AWS":{"x":1}},"Action":"sts:AssumeRole"}]}                      | Statement[0].Principal.AWS: expected a string or array
            third statement principal       | {"Statement":[{"Effect":"Deny","Principal":"*","Action":"*"},{"Effect":"Deny","Principal":"*","Action":"*"},{"Effect":"Allow","Principal":{"AWS":true},"Action":"*"}]} | Statement[2].Principal.AWS: expected a string or array
            malformed account in ARN        | {"Statement":[{"Effect":"Allow","Principal":{"AWS":["222222222222","arn:aws:iam::12345:root"]},"Action":"*"}]} | Statement[0].Principal.AWS[1]: the account field of "arn:aws:iam::12345:root" is not a 12-digit account id
            wildcard in principal ARN       | {"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"*"}]}                      | Statement[0].Principal.AWS: wildcards are not allowed in a principal ARN: "arn:aws:iam::*:root"
            unknown operator                | {"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Condition":{"Boool":{"k":"v"}}}]}               | Statement[0].Condition.Boool: unknown condition operator "Boool"
            misspelled set operator         | {"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Condition":{"ForAnyValues:StringEquals":{"k":"v"}}}]} | Statement[0].Condition.ForAnyValues:StringEquals: unknown condition operator "ForAnyValues:StringEquals"
            null condition value            | {"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Condition":{"Bool":{"k":null}}}]}               | Statement[0].Condition.Bool.k: expected a string, boolean, number or array of them
            Effect Permit                   | {"Statement":[{"Effect":"Permit","Principal":"*","Action":"*"}]}                                              | Statement[0].Effect: expected "Allow" or "Deny", got "Permit"
            unknown statement element       | {"Statement":[{"Effekt":"Allow","Principal":"*","Action":"*"}]}                                               | Statement[0].Effekt: unknown element
            missing principal               | {"Statement":[{"Effect":"Allow","Action":"*"}]}                                                               | Statement[0].Principal: missing
            unknown principal type          | {"Statement":[{"Effect":"Allow","Principal":{"Foo":"x"},"Action":"*"}]}                                       | Statement[0].Principal.Foo: unknown principal type
            Version from the future         | {"Version":"2020-01-01","Statement":[{"Effect":"Allow","Principal":"*","Action":"*"}]}                        | Version: expected "2012-10-17" or "2008-10-17", got "2020-01-01"
            duplicate key                   | {"Statement":[{"Effect":"Allow","Effect":"Deny","Principal":"*","Action":"*"}]}                               | Statement[0]: invalid JSON: duplicate key "Effect" (line 1, column 41)
            trailing content                | {"Statement":[{"Effect":"Allow","Principal":"*","Action":"*"}]} {}                                            | invalid JSON: unexpected content after the end of the document (line 1, column 65)
            IfExists on Null                | {"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Condition":{"NullIfExists":{"k":"true"}}}]}     | Statement[0].Condition.NullIfExists: unknown condition operator
            action without service          | {"Statement":[{"Effect":"Allow","Principal":"*","Action":"AssumeRole"}]}                                      | Statement[0].Action: expected "service:action" or "*", got "AssumeRole"
            """)
    void parseErrorNamesTheElement(String what, String document, String expectedMessage) {
        assertThatThrownBy(() -> TrustPolicy.parse(document))
                .isInstanceOf(PolicyParseException.class)
                .hasMessageStartingWith(expectedMessage);
    }

    @Test
    void notJsonAtAllSaysSoWithItsPosition() {
        assertThatThrownBy(() -> TrustPolicy.parse("this is not a policy"))
                .isInstanceOf(PolicyParseException.class)
                .hasMessageContaining("invalid JSON")
                .hasMessageContaining("line 1, column");
    }

    @Test
    void emptyDocumentIsAnError() {
        assertThatThrownBy(() -> TrustPolicy.parse("  ")).hasMessage("the document is empty");
    }
}
