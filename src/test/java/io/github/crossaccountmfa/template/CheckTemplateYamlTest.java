package io.github.crossaccountmfa.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Reading CloudFormation YAML: short-form intrinsics, scalars as IAM reads them, and source lines. */
class CheckTemplateYamlTest {

    private static JsonNode value(String yaml) {
        return CloudFormationYaml.read("Value: " + yaml + "\n").root().get("Value");
    }

    @Test
    void refShortFormBecomesRef() {
        assertThat(value("!Ref PartnerAccountId").toString()).isEqualTo("{\"Ref\":\"PartnerAccountId\"}");
    }

    @Test
    void getAttShortFormSplitsAtTheFirstDotOnly() {
        assertThat(value("!GetAtt Database.Endpoint.Address").toString())
                .isEqualTo("{\"Fn::GetAtt\":[\"Database\",\"Endpoint.Address\"]}");
    }

    @Test
    void getAttSequenceFormIsKept() {
        assertThat(value("!GetAtt [Role, Arn]").toString()).isEqualTo("{\"Fn::GetAtt\":[\"Role\",\"Arn\"]}");
    }

    @Test
    void subShortFormInScalarAndSequenceForms() {
        assertThat(value("!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root").toString())
                .isEqualTo("{\"Fn::Sub\":\"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"}");
        assertThat(value("!Sub ['arn:aws:iam::${A}:root', {A: !Ref P}]").toString())
                .isEqualTo("{\"Fn::Sub\":[\"arn:aws:iam::${A}:root\",{\"A\":{\"Ref\":\"P\"}}]}");
    }

    @Test
    void nestedShortFormsBecomeNestedLongForms() {
        assertThat(value("!Join ['', [!If [Prod, !Ref A, !ImportValue B], !Select [0, !Split [',', !Ref L]]]]").toString())
                .isEqualTo("{\"Fn::Join\":[\"\",[{\"Fn::If\":[\"Prod\",{\"Ref\":\"A\"},{\"Fn::ImportValue\":\"B\"}]},"
                        + "{\"Fn::Select\":[\"0\",{\"Fn::Split\":[\",\",{\"Ref\":\"L\"}]}]}]]}");
    }

    @Test
    void conditionShortFormIsTheConditionFunction() {
        assertThat(value("!Condition IsProduction").toString()).isEqualTo("{\"Condition\":\"IsProduction\"}");
    }

    @Test
    void anyOtherShortFormBecomesItsFnLongForm() {
        assertThat(value("!Equals [!Ref Env, prod]").toString()).isEqualTo("{\"Fn::Equals\":[{\"Ref\":\"Env\"},\"prod\"]}");
        assertThat(value("!GetAZs ''").toString()).isEqualTo("{\"Fn::GetAZs\":\"\"}");
        assertThat(value("!Length [a, b]").toString()).isEqualTo("{\"Fn::Length\":[\"a\",\"b\"]}");
    }

    @Test
    void unquotedDateStaysTheTextOfThePolicyVersion() {
        assertThat(value("2012-10-17").textValue()).isEqualTo("2012-10-17");
    }

    @Test
    void unquotedAccountIdKeepsItsLeadingZero() {
        assertThat(value("012345678901").textValue()).isEqualTo("012345678901");
        assertThat(value("123456789012").textValue()).isEqualTo("123456789012");
    }

    @Test
    void unquotedBooleanIsABoolean() {
        assertThat(value("true").isBoolean()).isTrue();
        assertThat(value("\"true\"").isTextual()).isTrue();
    }

    @Test
    void emptyValueIsNull() {
        assertThat(CloudFormationYaml.read("Value:\n").root().get("Value").isNull()).isTrue();
    }

    @Test
    void linesOfKeysAreKept() {
        LocatedTree tree = CloudFormationYaml.read("""
                Resources:
                  First:
                    Type: AWS::IAM::Role

                  Second:
                    Type: AWS::IAM::Role
                """);

        assertThat(tree.line(JsonPointer.compile("/Resources/First"))).hasValue(2);
        assertThat(tree.line(JsonPointer.compile("/Resources/Second"))).hasValue(5);
        assertThat(tree.line(JsonPointer.compile("/Resources/Second/Type"))).hasValue(6);
    }

    @Test
    void duplicateKeyIsRejectedWithItsLine() {
        assertThatThrownBy(() -> CloudFormationYaml.read("A: 1\nB: 2\nA: 3\n"))
                .isInstanceOf(TemplateException.class).hasMessage("line 3: duplicate key \"A\"");
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        assertThatThrownBy(() -> CloudFormationYaml.read("Resources:\n  A: [1, 2\n"))
                .isInstanceOf(TemplateException.class).hasMessageStartingWith("not valid YAML: ")
                .hasMessageContaining("(line 3, column 1)");
    }

    @Test
    void moreThanOneDocumentIsRejected() {
        assertThatThrownBy(() -> CloudFormationYaml.read("A: 1\n---\nB: 2\n"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("expected a single document");
    }

    @Test
    void aliasBombIsRejectedInsteadOfExpanded() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 8; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", Collections.nCopies(6, "*a" + (i - 1)))).append("]\n");
        }

        assertThatThrownBy(() -> CloudFormationYaml.read(yaml.toString()))
                .isInstanceOf(TemplateException.class).hasMessageContaining("aliases");
    }

    @Test
    void jsonLinesAreKeptForMembersAndArrayElements() {
        LocatedTree tree = JsonDocument.read("""
                {
                  "Resources": {
                    "Role": {"Type": "AWS::IAM::Role"}
                  },
                  "list": [
                    {"a": 1},
                    {"b": 2}
                  ]
                }
                """);

        assertThat(tree.line(JsonPointer.compile("/Resources/Role"))).hasValue(3);
        assertThat(tree.line(JsonPointer.compile("/list/1"))).hasValue(7);
    }

    @Test
    void jsonDuplicateKeyIsRejected() {
        assertThatThrownBy(() -> JsonDocument.read("{\"a\": 1, \"a\": 2}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("invalid JSON: duplicate key \"a\"");
    }
}
