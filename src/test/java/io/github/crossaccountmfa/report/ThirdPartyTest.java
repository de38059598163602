package io.github.crossaccountmfa.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.rule.Access;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.KnownAccounts;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Grouping who can get in by outside account, its order, the notices, and reading a saved scan back. */
class ThirdPartyTest {
    private static final String OWN = "111111111111";

    private static AccessEntry entry(String account, Access.Mfa mfa, boolean externalId, boolean publicTrust,
                                     Integer... statements) {
        return new AccessEntry(account, Optional.empty(), account.equals("*") ? "*" : "arn:aws:iam::" + account
                + ":root", mfa, externalId, publicTrust, List.of(statements));
    }

    private static RoleAccess role(String name, Compliance compliance, AccessEntry... access) {
        return new RoleAccess(OWN, name, "arn:aws:iam::" + OWN + ":role/" + name, compliance, List.of(access));
    }

    private static final List<RoleAccess> ROLES = List.of(
            role("mfa-only", Compliance.COMPLIANT, entry("333333333333", Access.Mfa.REQUIRED, false, false, 1)),
            role("weak", Compliance.NON_COMPLIANT, entry("222222222222", Access.Mfa.NOT_REQUIRED, false, false, 2),
                    entry("222222222222", Access.Mfa.REQUIRED, false, false, 1),
                    entry("333333333333", Access.Mfa.NOT_REQUIRED, true, false, 3)),
            role("open", Compliance.NON_COMPLIANT, entry("*", Access.Mfa.NOT_REQUIRED, false, true, 1)),
            role("weak-2", Compliance.NON_COMPLIANT, entry("222222222222", Access.Mfa.NOT_REQUIRED, false, false, 1)));

    @Test
    void publicFirstThenMostRolesWithoutMfaThenAccountsThatNeedMfa() {
        List<ThirdParty> parties = ThirdParty.group(ROLES);

        assertThat(parties).extracting(ThirdParty::account).containsExactly("*", "222222222222", "333333333333");
        ThirdParty partner = parties.get(1);
        assertThat(partner.withoutMfa()).isEqualTo(2);
        assertThat(partner.withMfa()).isZero();
        assertThat(partner.roles().get(0).statements()).as("statements merged across terms").containsExactly(1, 2);
        ThirdParty third = parties.get(2);
        assertThat(third.withoutMfa()).isEqualTo(1);
        assertThat(third.withMfa()).isEqualTo(1);
        assertThat(third.roles()).extracting(ThirdParty.Role::roleName).as("without MFA first")
                .containsExactly("weak", "mfa-only");
        assertThat(third.roles().get(0).externalId()).isTrue();
    }

    @Test
    void noticesAreDueOnlyToOneAccountThatGetsIntoANonCompliantRoleWithoutMfa() {
        List<ThirdParty> parties = ThirdParty.group(ROLES);

        assertThat(parties).filteredOn(ThirdParty::needsNotice).extracting(ThirdParty::account)
                .containsExactly("222222222222", "333333333333");
        assertThat(ThirdParty.group(List.of(ROLES.get(0)))).noneMatch(ThirdParty::needsNotice);
        String notice = Notice.markdown(parties.get(2));
        assertThat(notice).contains("`arn:aws:iam::" + OWN + ":role/weak`").doesNotContain("mfa-only")
                .contains("mfa_serial = arn:aws:iam::333333333333:mfa/YOUR-MFA-DEVICE")
                .contains("--token-code").contains("--external-id").contains("yes (unchanged)");
    }

    @Test
    void jsonHasTheSpecifiedKeysInOrder() {
        ThirdParty open = ThirdParty.group(ROLES).get(0);

        assertThat(EvaluationJson.line(open.toJson())).isEqualTo("{\"account\":\"*\",\"accountName\":null,"
                + "\"public\":true,\"withoutMfa\":1,\"withMfa\":0,\"roles\":[{\"accountId\":\"" + OWN + "\","
                + "\"roleName\":\"open\",\"arn\":\"arn:aws:iam::" + OWN + ":role/open\",\"mfa\":\"not-required\","
                + "\"externalId\":false,\"statements\":[1]}]}");
    }

    @Test
    void savedScanIsReadBackAndNamedFromTheCurrentList() {
        String line = "{\"accountId\":\"" + OWN + "\",\"roleName\":\"weak\",\"roleId\":\"AROA1\",\"arn\":\"arn:aws:iam::"
                + OWN + ":role/weak\",\"compliance\":\"NON_COMPLIANT\",\"annotation\":\"x\",\"findings\":[],"
                + "\"access\":[" + EvaluationJson.line(entry("464622532012", Access.Mfa.NOT_REQUIRED, true, false, 1)
                .toJson()) + "]}";

        SavedScan saved = SavedScan.parse(line + "\n\n{\"accountId\":\"222222222222\",\"error\":\"cannot assume\"}\n"
                + "not json\n{\"roleName\":\"x\"}\n", "scan.jsonl");

        assertThat(saved.roles()).hasSize(1);
        assertThat(saved.roles().get(0).named(KnownAccounts.bundled()).access().get(0).accountName())
                .contains("Datadog");
        assertThat(saved.errors()).containsExactly(
                "scan.jsonl line 3: account 222222222222 was not audited: cannot assume",
                "scan.jsonl line 4: not JSON (expected the output of scan --format json)",
                "scan.jsonl line 5: arn: expected a string");
    }

    @Test
    void savedLineWithoutAccessSaysToSaveTheScanAgain() {
        SavedScan saved = SavedScan.parse("{\"roleName\":\"r\",\"arn\":\"a\",\"compliance\":\"COMPLIANT\"}", "f");

        assertThat(saved.errors()).singleElement().asString().contains("no \"access\" list");
    }

    @Test
    void textAndMarkdownNameThePublicEntryAndTheCounts() {
        List<ThirdParty> parties = ThirdParty.group(ROLES);

        assertThat(ThirdPartyReport.text(parties)).startsWith("* (any AWS account)  PUBLIC  without MFA: 1 role")
                .endsWith("3 outside accounts, 3 of them without MFA\n");
        assertThat(ThirdPartyReport.markdown(parties)).contains("| * (any AWS account) | **yes** | 1 | 0 |");
        assertThat(ThirdPartyReport.text(List.of())).isEqualTo("No outside account can assume any role.\n");
    }

    @Test
    void consoleLinksUseThePartitionsConsole() {
        assertThat(WhoCanGetIn.consoleUrl("arn:aws:iam::1:role/a b", "a b"))
                .isEqualTo("https://console.aws.amazon.com/iam/home#/roles/details/a%20b");
        assertThat(WhoCanGetIn.consoleUrl("arn:aws-us-gov:iam::1:role/x", "x"))
                .startsWith("https://console.amazonaws-us-gov.com/iam/");
        assertThat(WhoCanGetIn.consoleUrl("arn:aws-cn:iam::1:role/x", "x")).startsWith("https://console.amazonaws.cn/");
    }
}
