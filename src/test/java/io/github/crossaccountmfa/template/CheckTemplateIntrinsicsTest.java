package io.github.crossaccountmfa.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.rule.RoleContext;
import org.junit.jupiter.api.Test;

/** Resolving intrinsic functions from the template and the command line, and reporting what cannot be resolved. */
class CheckTemplateIntrinsicsTest {
    private static final String TEMPLATE = """
            Parameters:
              Partner: {Type: String, Default: "222222222222"}
              NoDefault: {Type: String}
              Accounts: {Type: CommaDelimitedList, Default: "333333333333,444444444444"}
              Latest: {Type: "AWS::SSM::Parameter::Value<String>", Default: /partners/account}
            Mappings:
              Vendors:
                Backup: {AccountId: "777777777777"}
            Resources:
              Bucket: {Type: AWS::S3::Bucket}
            """;

    private static Intrinsics.Resolution resolve(String yamlValue, RoleContext context) {
        JsonNode template = CloudFormationYaml.read(TEMPLATE).root();
        JsonNode value = CloudFormationYaml.read("V: " + yamlValue + "\n").root().get("V");
        return new Intrinsics(template, context).resolve(value);
    }

    private static Intrinsics.Resolution resolve(String yamlValue) {
        return resolve(yamlValue, RoleContext.ofAccount("111111111111"));
    }

    private static String text(String yamlValue) {
        Intrinsics.Resolution resolution = resolve(yamlValue);
        assertThat(resolution.gaps()).isEmpty();
        return resolution.value().textValue();
    }

    private static Intrinsics.Gap onlyGap(String yamlValue) {
        Intrinsics.Resolution resolution = resolve(yamlValue);
        assertThat(resolution.gaps()).hasSize(1);
        return resolution.gaps().getFirst();
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
    void subReadsParameterDefaultsAndItsOwnVariables() {
        assertThat(text("!Sub 'arn:aws:iam::${Partner}:root'")).isEqualTo("arn:aws:iam::222222222222:root");
        assertThat(text("!Sub ['arn:aws:iam::${Id}:role/${Name}', {Id: !Ref Partner, Name: ops}]"))
                .isEqualTo("arn:aws:iam::222222222222:role/ops");
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
    void regionIsUnresolvedBecauseTheTemplateCanBeDeployedAnywhere() {
        Intrinsics.Gap gap = onlyGap("!Sub 'arn:aws:logs:${AWS::Region}:111111111111:*'");

        assertThat(gap.reference()).isEqualTo("AWS::Region");
        assertThat(resolve("!Sub 'arn:aws:logs:${AWS::Region}:111111111111:*'").value().textValue())
                .isEqualTo("arn:aws:logs:<AWS::Region>:111111111111:*");
    }

    @Test
    void parameterWithoutDefaultIsUnresolved() {
        assertThat(onlyGap("!Ref NoDefault").reference()).isEqualTo("parameter NoDefault (no Default)");
    }

    @Test
    void ssmParameterDefaultIsANameNotAValueSoItIsUnresolved() {
        assertThat(onlyGap("!Ref Latest").reference()).isEqualTo("parameter Latest (an SSM parameter)");
    }

    @Test
    void otherResourcesAreUnresolved() {
        assertThat(onlyGap("!Ref Bucket").reference()).isEqualTo("resource Bucket");
        assertThat(onlyGap("!GetAtt Bucket.Arn").reference()).isEqualTo("Fn::GetAtt Bucket.Arn");
        assertThat(onlyGap("!Sub '${Bucket.Arn}/*'").reference()).isEqualTo("Fn::GetAtt Bucket.Arn");
    }

    @Test
    void importsConditionsAndUndeclaredNamesAreUnresolved() {
        assertThat(onlyGap("{'Fn::ImportValue': !Sub '${Partner}-export'}").reference())
                .isEqualTo("Fn::ImportValue 222222222222-export");
        assertThat(onlyGap("!If [IsProd, a, b]").reference()).isEqualTo("Fn::If IsProd");
        assertThat(onlyGap("!Ref Nowhere").reference()).isEqualTo("Ref Nowhere (not declared in the template)");
        assertThat(onlyGap("!FindInMap [Vendors, Monitoring, AccountId]").reference())
                .isEqualTo("Fn::FindInMap [Vendors, Monitoring, AccountId] (no such entry in Mappings)");
        assertThat(onlyGap("!Base64 x").reference()).isEqualTo("Fn::Base64");
    }

    @Test
    void eachGapIsReportedAtItsPathInThePolicy() {
        Intrinsics.Resolution resolution = resolve("""
                {Statement: [{Effect: Allow, Action: sts:AssumeRole, Principal: {AWS: [!Ref Partner, !ImportValue X]}}]}""");

        assertThat(resolution.gaps()).containsExactly(
                new Intrinsics.Gap("Statement[0].Principal.AWS[1]", "Fn::ImportValue X"));
        assertThat(resolution.value().at("/Statement/0/Principal/AWS/0").textValue()).isEqualTo("222222222222");
    }

    @Test
    void joinWithAnUnresolvedElementKeepsWhatIsKnownInItsPlaceholder() {
        Intrinsics.Resolution resolution = resolve("!Join ['', ['arn:aws:iam::', !ImportValue Shared, ':root']]");

        assertThat(resolution.value().textValue()).isEqualTo("arn:aws:iam::<Fn::ImportValue Shared>:root");
    }
}
