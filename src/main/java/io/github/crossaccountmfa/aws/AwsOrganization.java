package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.report.AccountRoles;
import io.github.crossaccountmfa.report.MemberAccount;
import io.github.crossaccountmfa.report.Organization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * {@link Organization} on AWS: {@code GetCallerIdentity}, {@code DescribeOrganization} and {@code ListAccounts}
 * with the current credentials; each other account's roles through {@code sts:AssumeRole} into
 * {@code arn:PARTITION:iam::ACCOUNT:role/NAME}, the partition being the caller's. One STS client serves every
 * account, so the SDK's adaptive retry mode paces all AssumeRole calls together; each account gets its own IAM
 * client, closed with its {@link AccountRoles}.
 */
final class AwsOrganization implements Organization {
    static final String SESSION_NAME = "cross-account-mfa-scan";
    /** ListAccounts' maximum page size. */
    static final int PAGE_SIZE = 20;

    private final AwsClients clients;
    private final StsClient sts;
    private final OrganizationsClient organizations;
    private final String executionRoleName;
    private volatile Snapshot snapshot;

    AwsOrganization(AwsClients clients, StsClient sts, OrganizationsClient organizations, String executionRoleName) {
        this.clients = clients;
        this.sts = sts;
        this.organizations = organizations;
        this.executionRoleName = executionRoleName;
    }

    @Override
    public Snapshot describe() {
        GetCallerIdentityResponse caller = AwsErrors.command("sts:GetCallerIdentity", "", sts::getCallerIdentity);
        String id = AwsErrors.command("organizations:DescribeOrganization", "",
                () -> organizations.describeOrganization().organization().id());
        List<MemberAccount> accounts = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Optional<String> current = token;
            ListAccountsResponse page = AwsErrors.command("organizations:ListAccounts", "",
                    () -> organizations.listAccounts(r -> r.maxResults(PAGE_SIZE).nextToken(current.orElse(null))));
            for (Account account : page.accounts()) {
                accounts.add(new MemberAccount(account.id(), account.name(), account.statusAsString()));
            }
            token = Optional.ofNullable(page.nextToken()).filter(t -> !t.isEmpty());
        } while (token.isPresent());
        Snapshot described = new Snapshot(id, caller.account(), caller.arn(), accounts);
        snapshot = described;
        return described;
    }

    @Override
    public AccountRoles open(String accountId) {
        Snapshot described = snapshot;
        if (described == null) {
            throw new IllegalStateException("describe() first: the caller's account and partition are not known");
        }
        if (accountId.equals(described.callerAccount())) {
            return new ScanRoleSource(clients.iam());
        }
        String roleArn = roleArn(partition(described.callerArn()), accountId, executionRoleName);
        StsAssumeRoleCredentialsProvider credentials = AwsClients.assumedRole(sts, roleArn, SESSION_NAME);
        try {
            credentials.resolveCredentials();
        } catch (SdkException e) {
            credentials.close();
            throw AwsErrors.classify("sts:AssumeRole", roleArn, e);
        }
        IamClient iam = clients.iam(credentials);
        return new ScanRoleSource(iam, credentials);
    }

    static String roleArn(String partition, String accountId, String roleName) {
        return "arn:" + partition + ":iam::" + accountId + ":role/" + roleName;
    }

    /** The partition of the caller's ARN ({@code arn:aws-cn:iam::…}), else of the configured region. */
    String partition(String callerArn) {
        String[] parts = callerArn.split(":", 3);
        if (parts.length == 3 && parts[0].equals("arn") && !parts[1].isEmpty()) {
            return parts[1];
        }
        return AwsRuleBackends.partitionOf(clients.region());
    }
}
