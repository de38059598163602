package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The condition-key catalogue: look-up and the formats IAM gives values. */
class ConditionKeyTest {

    @Test
    void keysAreFoundWhateverTheirCase() {
        assertThat(ConditionKey.of("AWS:PRINCIPALARN")).contains(ConditionKey.PRINCIPAL_ARN);
        assertThat(ConditionKey.of("sts:externalid")).contains(ConditionKey.EXTERNAL_ID);
    }

    @Test
    void prefixKeysCoverEveryTagKey() {
        assertThat(ConditionKey.of("aws:RequestTag/team")).contains(ConditionKey.REQUEST_TAG);
        assertThat(ConditionKey.of("aws:PrincipalTag/x/y")).contains(ConditionKey.PRINCIPAL_TAG);
    }

    @Test
    void unknownKeysAreTheCallersToChoose() {
        assertThat(ConditionKey.of("aws:MultiFactorAuthPresnt")).isEmpty();
        assertThat(ConditionKey.kindOf("aws:multifactorauthpresnt")).isEqualTo(KeyKind.FREE);
        assertThat(ConditionKey.presenceOf("aws:multifactorauthpresnt")).isEqualTo(ConditionKey.Presence.OPTIONAL);
    }

    @Test
    void organizationIdsHaveIamsFormat() {
        ConditionKey.Format format = ConditionKey.PRINCIPAL_ORG_ID.format();
        assertThat(format.admits("o-a1b2c3d4e5")).isTrue();
        assertThat(format.admits("o-*")).isFalse();
        assertThat(format.admits("o-abc")).isFalse();
        assertThat(format.admits("O-A1B2C3D4E5")).isFalse();
    }

    @Test
    void organizationPathsBeginWithAnOrganizationAndItsRoot() {
        ConditionKey.Format format = ConditionKey.PRINCIPAL_ORG_PATHS.format();
        assertThat(format.admits("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/")).isTrue();
        assertThat(format.admits("o-a1b2c3d4e5/r-ab12/")).isTrue();
        assertThat(format.admits("o-a1b2c3d4e5/")).isFalse();
        assertThat(format.admits("o-a1b2c3d4e5/ou-ab12-11111111/")).isFalse();
    }
}
