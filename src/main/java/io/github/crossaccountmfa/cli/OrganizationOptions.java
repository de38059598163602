package io.github.crossaccountmfa.cli;

import io.github.crossaccountmfa.report.OrganizationAudit;
import io.github.crossaccountmfa.rule.RuleParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --organization [--execution-role-name NAME] [--accounts ID,...] [--max-concurrency N]
 * [--trust-organization]}: audit every account of the AWS Organization, as a picocli mixin for every command that
 * audits accounts.
 */
final class OrganizationOptions {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    @Option(names = "--organization",
            description = "Audit every ACTIVE account of the AWS Organization (organizations:ListAccounts, from the "
                    + "management or a delegated administrator account), assuming the execution role in each.")
    boolean organization;

    @Option(names = "--execution-role-name", paramLabel = "NAME",
            description = "Role assumed in each account: arn:PARTITION:iam::ACCOUNT:role/NAME (default: the "
                    + "ExecutionRoleName of --parameters, else " + OrganizationAudit.DEFAULT_EXECUTION_ROLE + ").")
    String executionRoleName;

    @Option(names = "--accounts", paramLabel = "ID", split = ",",
            description = "Audit only these accounts of the organization (comma-separated 12-digit ids).")
    List<String> accounts = new ArrayList<>();

    @Option(names = "--max-concurrency", paramLabel = "N",
            description = "Accounts audited at the same time, 1-" + OrganizationAudit.MAX_CONCURRENCY
                    + " (default: " + OrganizationAudit.DEFAULT_CONCURRENCY + ").")
    Integer maxConcurrency;

    @Option(names = "--trust-organization",
            description = "Treat the organization's accounts and id as TrustedAccountIds and TrustedOrganizationIds.")
    boolean trustOrganization;

    /**
     * The audit's options, or empty when {@code --organization} was not given.
     *
     * @throws IllegalArgumentException naming the option at fault, also when an organization option is given
     *                                  without {@code --organization}
     */
    Optional<OrganizationAudit.Options> options() {
        if (!organization) {
            Optional<String> stray = executionRoleName != null ? Optional.of("--execution-role-name")
                    : !accounts.isEmpty() ? Optional.of("--accounts")
                    : maxConcurrency != null ? Optional.of("--max-concurrency")
                    : trustOrganization ? Optional.of("--trust-organization") : Optional.empty();
            stray.ifPresent(option -> {
                throw new IllegalArgumentException(option + " needs --organization");
            });
            return Optional.empty();
        }
        for (String account : accounts) {
            if (!ACCOUNT_ID.matcher(account.strip()).matches()) {
                throw new IllegalArgumentException("--accounts: \"" + account + "\" is not a 12-digit account id");
            }
        }
        int concurrency = maxConcurrency == null ? OrganizationAudit.DEFAULT_CONCURRENCY : maxConcurrency;
        if (concurrency < 1 || concurrency > OrganizationAudit.MAX_CONCURRENCY) {
            throw new IllegalArgumentException("--max-concurrency: " + concurrency + " is not between 1 and "
                    + OrganizationAudit.MAX_CONCURRENCY);
        }
        return Optional.of(new OrganizationAudit.Options(accounts.stream().map(String::strip).toList(), concurrency,
                trustOrganization));
    }

    /** The execution role: {@code --execution-role-name}, else the parameters' ExecutionRoleName, else the default. */
    String executionRoleName(RuleParameters parameters) {
        if (executionRoleName != null) {
            if (!ROLE_NAME.matcher(executionRoleName).matches()) {
                throw new IllegalArgumentException("--execution-role-name: \"" + executionRoleName
                        + "\" is not an IAM role name (1-64 characters of letters, digits and +=,.@_-)");
            }
            return executionRoleName;
        }
        return parameters.executionRoleName().orElse(OrganizationAudit.DEFAULT_EXECUTION_ROLE);
    }
}
