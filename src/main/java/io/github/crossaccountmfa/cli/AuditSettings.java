package io.github.crossaccountmfa.cli;

import io.github.crossaccountmfa.aws.AwsConnectionSettings;
import io.github.crossaccountmfa.report.OrganizationAudit;
import io.github.crossaccountmfa.rule.KnownAccounts;
import io.github.crossaccountmfa.rule.RuleParameters;
import java.util.Optional;

/**
 * What an audit of live roles ({@code scan}, {@code third-parties}) is asked for, read once from the options the two
 * commands share.
 *
 * @param connection    the profile and region
 * @param parameters    the rule parameters
 * @param organization  organization mode, when asked for
 * @param executionRole the role assumed in each member account
 * @param known         the bundled account names merged with {@code --known-accounts}
 */
record AuditSettings(AwsConnectionSettings connection, RuleParameters parameters,
                     Optional<OrganizationAudit.Options> organization, String executionRole, KnownAccounts known) {

    /**
     * @throws io.github.crossaccountmfa.rule.ParameterException naming the parameter at fault
     * @throws IllegalArgumentException                        naming the option at fault
     */
    static AuditSettings read(OutputOptions console, AwsOptions aws, ParametersOption parameters,
                              OrganizationOptions organization, KnownAccountsOption knownAccounts) {
        console.check();
        AwsConnectionSettings connection = aws.settings();
        RuleParameters ruleParameters = parameters.parse();
        return new AuditSettings(connection, ruleParameters, organization.options(),
                organization.executionRoleName(ruleParameters), knownAccounts.load());
    }
}
