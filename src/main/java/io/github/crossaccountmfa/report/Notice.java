package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.rule.Access;
import io.github.crossaccountmfa.rule.Compliance;
import java.util.List;

/**
 * The notice to send an outside account that gets into roles without MFA (seed step 3, "inform the third
 * parties"): which roles will require MFA, what changes for them, and how to configure their tooling. Written to
 * be sent as is; the sender adds the date and a contact.
 */
public final class Notice {
    private Notice() {
    }

    /** The roles the notice is about: those the account gets into without MFA and that fail the rule. */
    public static List<ThirdParty.Role> roles(ThirdParty party) {
        return party.roles().stream()
                .filter(r -> r.mfa() == Access.Mfa.NOT_REQUIRED && r.compliance() == Compliance.NON_COMPLIANT)
                .toList();
    }

    public static String markdown(ThirdParty party) {
        List<ThirdParty.Role> roles = roles(party);
        ThirdParty.Role example = roles.get(0);
        boolean externalId = roles.stream().anyMatch(ThirdParty.Role::externalId);
        String account = party.account();
        String mfaArn = "arn:" + partition(example.arn()) + ":iam::" + account + ":mfa/YOUR-MFA-DEVICE";
        StringBuilder out = new StringBuilder();
        out.append("# MFA will be required to assume our IAM roles\n\n")
                .append("**To:** ").append(party.accountName().map(n -> n + ", ").orElse(""))
                .append("AWS account ").append(account).append("  \n")
                .append("**About:** ").append(roles.size()).append(roles.size() == 1 ? " IAM role" : " IAM roles")
                .append(" that your account can assume today without multi-factor authentication  \n")
                .append("**Effective:** _(date)_  \n**Contact:** _(name, e-mail)_\n\n")
                .append("Principals of your AWS account ").append(account).append(" can call `sts:AssumeRole` on the ")
                .append("roles below with long-term access keys or with temporary credentials obtained without MFA. ")
                .append("We will change their trust policies so that `sts:AssumeRole` succeeds only when the calling ")
                .append("credentials were obtained with MFA (`aws:MultiFactorAuthPresent` is `true`).\n\n")
                .append("## Roles that will require MFA\n\n")
                .append("| Role ARN | Our account | Trust policy statement | sts:ExternalId required |\n")
                .append("|---|---|---|---|\n");
        for (ThirdParty.Role role : roles) {
            out.append("| `").append(role.arn()).append("` | ").append(role.accountId()).append(" | ")
                    .append(ThirdPartyReport.statements(role.statements(), ", ")).append(" | ")
                    .append(role.externalId() ? "yes (unchanged)" : "no").append(" |\n");
        }
        out.append("\n## What changes for you\n\n")
                .append("- After the change, `AssumeRole` calls into these roles made with an IAM user's access keys ")
                .append("alone, or with role credentials that were obtained without MFA, fail with `AccessDenied`.\n")
                .append("- The IAM users (or the people behind the sessions) that assume these roles need an MFA ")
                .append("device registered in your account ").append(account).append(", and pass its serial number ")
                .append("and a current code when they assume the role.\n")
                .append("- Nothing else changes: the role ARNs, their permissions")
                .append(externalId ? " and the external IDs you send today" : "")
                .append(" stay the same.\n")
                .append("- Unattended jobs (CI pipelines, scheduled tasks) cannot type an MFA code. If you have any, ")
                .append("tell us before the date so that we can agree on another arrangement for them.\n\n")
                .append("## How to configure your tooling\n\n")
                .append("### AWS CLI\n\nAdd a profile per role to `~/.aws/config`; the CLI asks for the MFA code ")
                .append("and caches the session until it expires:\n\n```ini\n[profile ")
                .append(example.roleName()).append("]\nrole_arn = ").append(example.arn())
                .append("\nsource_profile = default\nmfa_serial = ").append(mfaArn).append('\n')
                .append(example.externalId() ? "external_id = YOUR-EXTERNAL-ID\n" : "")
                .append("```\n\nThen `aws sts get-caller-identity --profile ").append(example.roleName())
                .append("` (or any command with `--profile`) prompts for the code.\n\n")
                .append("Or assume the role in one call:\n\n```sh\naws sts assume-role \\\n  --role-arn ")
                .append(example.arn()).append(" \\\n  --role-session-name my-session \\\n  --serial-number ")
                .append(mfaArn).append(" \\\n  --token-code 123456")
                .append(example.externalId() ? " \\\n  --external-id YOUR-EXTERNAL-ID" : "").append("\n```\n\n")
                .append("### SDKs\n\n")
                .append("- **Python (boto3):** a profile with `mfa_serial` as above works as is (boto3 prompts for ")
                .append("the code), or call `sts.assume_role(RoleArn=…, RoleSessionName=…, SerialNumber=…, ")
                .append("TokenCode=…)`.\n")
                .append("- **Java (AWS SDK v2):** `StsAssumeRoleCredentialsProvider.builder().stsClient(sts)")
                .append(".refreshRequest(() -> AssumeRoleRequest.builder().roleArn(…).roleSessionName(…)")
                .append(".serialNumber(…).tokenCode(readCode()).build()).build()` — the supplier asks for a new ")
                .append("code each time the session is refreshed.\n")
                .append("- **JavaScript (AWS SDK v3):** `fromIni({ profile, mfaCodeProvider })` or ")
                .append("`fromTemporaryCredentials({ params: { RoleArn, SerialNumber }, mfaCodeProvider })` from ")
                .append("`@aws-sdk/credential-providers`.\n")
                .append("- **Go (AWS SDK v2):** `stscreds.NewAssumeRoleProvider(client, roleArn, func(o ")
                .append("*stscreds.AssumeRoleOptions) { o.SerialNumber = aws.String(…); o.TokenProvider = ")
                .append("stscreds.StdinTokenProvider })`.\n")
                .append("- **Terraform (AWS provider):** `assume_role` cannot prompt for a code; run it with a ")
                .append("profile that has `mfa_serial` (through the CLI's credential cache) or with credentials ")
                .append("from `aws sts assume-role … --serial-number … --token-code …`.\n\n")
                .append("To check that you are ready before the date, assume one role with MFA as shown above: it ")
                .append("already works today.\n");
        return out.toString();
    }

    private static String partition(String arn) {
        String[] parts = arn.split(":", 3);
        return parts.length >= 2 && !parts[1].isEmpty() ? parts[1] : "aws";
    }
}
