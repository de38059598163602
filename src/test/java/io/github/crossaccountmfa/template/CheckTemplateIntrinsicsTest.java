package io.github.crossaccountmfa.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.crossaccountmfa.rule.RoleContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Resolving intrinsic functions from the template and the command line, and what stays open. */
class CheckTemplateIntrinsicsTest {
    private static final String TEMPLATE = """
            Parameters:
              Partner: {Type: String, Default: "222222222222"}
              NoDefault: {Type: String}
              Environment: {Type: String, AllowedValues: [dev, prod], Default: prod}
              Shaped: {Type: String, AllowedPattern: '^\\d{12}$'}
              Accounts: {Type: CommaDelimitedList, Default: "333333333333,444444444444"}
              Latest: {Type: "AWS::SSM::Parameter::Value<String>", Default: /partners/account}
            Mappings:
              Vendors:
                Backup: {AccountId: "777777777777"}
                Monitoring: {AccountId: "666666666666"}
            Conditions:
              IsProd: !Equals [!Ref Environment, prod]
              IsNotProd: !Not [!Condition IsProd]
              AlwaysTrue: !Equals [a, a]
            Resources:
              Bucket: {Type: AWS::S3::Bucket}
              Deployer: {Type: AWS::IAM::Role, Properties: {RoleName: deployer, Path: /ci/}}
              Generated: {Type: AWS::IAM::Role}
              Operator: {Type: AWS::IAM::User}
            """;

    private OpenValues open;

    private Intrinsics intrinsics(RoleContext context, Map<String, String> bindings) {
        JsonNode template = CloudFormationYaml.read(TEMPLATE).root();
        open = new OpenValues();
        Map<String, JsonNode> nodes = new java.util.HashMap<>();
        bindings.forEach((k, v) -> nodes.put(k, JsonNodeFactory.instance.textNode(v)));
        return new Intrinsics(template, context, nodes, open, false);
    }

    private static JsonNode yaml(String yamlValue) {
        return CloudFormationYaml.read("V: " + yamlValue + "\n").root().get("V");
    }

    private Intrinsics.Resolution resolve(String yamlValue, RoleContext context) {
        return intrinsics(context, Map.of()).resolve(yaml(yamlValue));
    }

    private Intrinsics.Resolution resolve(String yamlValue) {
        return resolve(yamlValue, RoleContext.ofAccount("111111111111"));
    }

    private String text(String yamlValue) {
        Intrinsics.Resolution resolution = resolve(yamlValue);
        assertThat(Intrinsics.isExact(resolution.value())).as("exact").isTrue();
        return resolution.value().textValue();
    }

    /** The open value a value resolves to as a whole. */
    private OpenValue onlyOpen(String yamlValue) {
        Intrinsics.Resolution resolution = resolve(yamlValue);
        List<Integer> indexes = OpenValues.indexes(resolution.value().asText());
        assertThat(indexes).hasSize(1);
        return open.get(indexes.getFirst());
    }

    @Test
    void pseudoParametersComeFromTheAccountAndPartition() {
        RoleContext china = RoleContext.ofRoleArn("arn:aws-cn:iam::111111111111:role/deployer");

        assertThat(resolve("!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'", china).value().textValue())
                .isEqualTo("arn:aws-cn:iam::111111111111:root");
        assertThat(resolve("!Ref AWS::URLSuffix", china).value().textValue()).isEqualTo("amazonaws.com.cn");
    }

    @Test
    void accountIdWithoutAnAccountIsTheOwnAccountPlaceholder() {
        Intrinsics.Resolution resolution = resolve("!Ref AWS::AccountId", RoleContext.unknown());

        assertThat(resolution.value().textValue()).isEqualTo(Intrinsics.OWN_ACCOUNT_PLACEHOLDER);
        assertThat(resolution.ownAccountPlaceholder()).isTrue();
    }

    @Test
    void ownAccountPlaceholderIsUsedOnlyWhenAccountIdIsReferenced() {
        assertThat(resolve("!Ref Partner", RoleContext.unknown()).ownAccountPlaceholder()).isFalse();
        assertThat(resolve("!Ref AWS::AccountId", RoleContext.ofAccount("111111111111")).ownAccountPlaceholder()).isFalse();
    }

    @Test
    void accountIdThatAStackSetPassesOnIsOpenWithoutAnAccount() {
        JsonNode template = CloudFormationYaml.read(TEMPLATE).root();
        OpenValues values = new OpenValues();
        JsonNode value = new Intrinsics(template, RoleContext.unknown(), Map.of(), values, true)
                .resolve(yaml("!Ref AWS::AccountId")).value();

        assertThat(values.display(value.textValue())).isEqualTo("<AWS::AccountId>");
    }

    @Test
    void subReadsParameterDefaultsAndItsOwnVariables() {
        assertThat(text("!Sub 'arn:aws:iam::${Partner}:root'")).isEqualTo("arn:aws:iam::222222222222:root");
        assertThat(text("!Sub ['arn:aws:iam::${Id}:role/${Name}', {Id: !Ref Partner, Name: ops}]"))
                .isEqualTo("arn:aws:iam::222222222222:role/ops");
    }

    @Test
    void boundParameterWinsOverItsDefault() {
        JsonNode value = intrinsics(RoleContext.unknown(), Map.of("Partner", "555555555555", "NoDefault", "x"))
                .resolve(yaml("!Sub '${Partner}-${NoDefault}'")).value();

        assertThat(value.textValue()).isEqualTo("555555555555-x");
    }

    @Test
    void subExclamationWritesALiteralPolicyVariable() {
        assertThat(text("!Sub 'arn:aws:iam::${Partner}:user/${!aws:username}'"))
                .isEqualTo("arn:aws:iam::222222222222:user/${aws:username}");
    }

    @Test
    void joinSelectSplitAndFindInMapAreComputed() {
        assertThat(text("!Join [':', [a, !Ref Partner, b]]")).isEqualTo("a:222222222222:b");
        assertThat(text("!Select [1, !Ref Accounts]")).isEqualTo("444444444444");
        assertThat(text("!Select [0, !Split ['/', 'x/y']]")).isEqualTo("x");
        assertThat(text("!FindInMap [Vendors, Backup, AccountId]")).isEqualTo("777777777777");
    }

    @Test
    void commaDelimitedListParameterIsAList() {
        assertThat(resolve("!Ref Accounts").value().toString()).isEqualTo("[\"333333333333\",\"444444444444\"]");
    }

    @Test
    void regionIsOpenAndShownAsItsPlaceholderInsideText() {
        Intrinsics.Resolution resolution = resolve("!Sub 'arn:aws:logs:${AWS::Region}:111111111111:*'");

        assertThat(open.display(resolution.value().textValue())).isEqualTo("arn:aws:logs:<AWS::Region>:111111111111:*");
        assertThat(open.get(0).reference()).isEqualTo("Ref AWS::Region");
    }

    @Test
    void parameterWithoutDefaultIsOpenWithItsConstraints() {
        assertThat(onlyOpen("!Ref NoDefault").reference()).isEqualTo("Ref NoDefault");
        assertThat(onlyOpen("!Ref Shaped").allowedPattern()).contains("^\\d{12}$");
    }

    @Test
    void ssmParameterDefaultIsANameNotAValueSoItIsOpen() {
        OpenValue latest = onlyOpen("!Ref Latest");

        assertThat(latest.reference()).isEqualTo("Ref Latest");
        assertThat(latest.note()).contains("SSM parameter /partners/account, read at deployment");
    }

    @Test
    void otherResourcesAreOpen() {
        assertThat(onlyOpen("!Ref Bucket").reference()).isEqualTo("Ref Bucket");
        assertThat(onlyOpen("!GetAtt Bucket.Arn").reference()).isEqualTo("Fn::GetAtt Bucket.Arn");
        assertThat(onlyOpen("!Sub '${Bucket.Arn}/*'").reference()).isEqualTo("Fn::GetAtt Bucket.Arn");
    }

    @Test
    void arnOfARoleOrUserOfTheTemplateIsInTheOwnAccount() {
        assertThat(text("!GetAtt Deployer.Arn")).isEqualTo("arn:aws:iam::111111111111:role/ci/deployer");
        assertThat(text("!GetAtt Generated.Arn")).isEqualTo("arn:aws:iam::111111111111:role/Generated");
        assertThat(text("!Sub '${Operator.Arn}'")).isEqualTo("arn:aws:iam::111111111111:user/Operator");
        assertThat(text("!Ref Deployer")).isEqualTo("deployer");
        assertThat(resolve("!GetAtt Deployer.Arn").notes())
                .containsExactly(new Assumption("Fn::GetAtt Deployer.Arn", "role Deployer of the template's own account"));
    }

    @Test
    void importsUndecidedConditionsAndUndeclaredNamesAreOpen() {
        assertThat(onlyOpen("{'Fn::ImportValue': !Sub '${Partner}-export'}").reference())
                .isEqualTo("Fn::ImportValue 222222222222-export");
        assertThat(onlyOpen("!If [IsProd, a, b]").reference()).isEqualTo("Fn::If IsProd");
        assertThat(onlyOpen("!Ref Nowhere").reference()).isEqualTo("Ref Nowhere (not declared in the template)");
        assertThat(onlyOpen("!FindInMap [Vendors, Nowhere, AccountId]").reference())
                .isEqualTo("Fn::FindInMap [Vendors, Nowhere, AccountId] (no such entry in Mappings)");
        assertThat(onlyOpen("!Base64 x").reference()).isEqualTo("Fn::Base64");
    }

    @Test
    void findInMapWithAnOpenKeyIsOneOfTheEntries() {
        OpenValue vendor = onlyOpen("!FindInMap [Vendors, !Ref NoDefault, AccountId]");

        assertThat(vendor.reference()).isEqualTo("Fn::FindInMap [Vendors, Ref NoDefault, AccountId]");
        assertThat(vendor.allowedValues()).containsExactly("777777777777", "666666666666");
    }

    @Test
    void ifTakesTheBranchItIsGivenAndNoValueRemovesTheElement() {
        Intrinsics intrinsics = intrinsics(RoleContext.unknown(), Map.of());
        JsonNode list = yaml("[a, !If [IsProd, b, !Ref AWS::NoValue]]");

        assertThat(intrinsics.resolve(list, Map.of("IsProd", true)).value().toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(intrinsics.resolve(list, Map.of("IsProd", false)).value().toString()).isEqualTo("[\"a\"]");
    }

    @Test
    void conditionsAreDecidedOnlyByBoundValuesAndLiterals() {
        JsonNode value = yaml("[!If [IsProd, a, b], !If [IsNotProd, c, d], !If [AlwaysTrue, e, f]]");

        assertThat(intrinsics(RoleContext.unknown(), Map.of()).undecidedConditions(value))
                .containsExactly("IsNotProd", "IsProd");
        Intrinsics bound = intrinsics(RoleContext.unknown(), Map.of("Environment", "dev"));
        assertThat(bound.undecidedConditions(value)).isEmpty();
        assertThat(bound.resolve(value).value().toString()).isEqualTo("[\"b\",\"c\",\"e\"]");
    }

    @Test
    void templateTextCannotForgeAToken() {
        String forged = "x" + OpenValues.START + "0" + OpenValues.END;
        JsonNode value = intrinsics(RoleContext.unknown(), Map.of())
                .resolve(JsonNodeFactory.instance.textNode(forged)).value();

        assertThat(OpenValues.hasToken(value.textValue())).isFalse();
        assertThat(Optional.of(value.textValue())).contains("x\uFFFD0\uFFFD");
    }

    @Test
    void joinWithAnOpenElementKeepsWhatIsKnownAroundIt() {
        Intrinsics.Resolution resolution = resolve("!Join ['', ['arn:aws:iam::', !ImportValue Shared, ':root']]");

        assertThat(open.display(resolution.value().textValue())).isEqualTo("arn:aws:iam::<Shared>:root");
    }
}
