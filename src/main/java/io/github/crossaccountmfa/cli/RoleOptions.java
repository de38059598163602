package io.github.crossaccountmfa.cli;

import io.github.crossaccountmfa.rule.RoleContext;
import picocli.CommandLine.Option;

/** {@code --account ID | --role-arn ARN}: the role's account (and partition), an exclusive argument group. */
final class RoleOptions {
    @Option(names = "--account", paramLabel = "ID",
            description = "The roles' 12-digit account id (its principals are not third parties).")
    String account;

    @Option(names = "--role-arn", paramLabel = "ARN",
            description = "A role ARN in that account: gives the account and the partition.")
    String roleArn;

    /**
     * The context the options describe; unknown when neither was given.
     *
     * @throws IllegalArgumentException naming the malformed value
     */
    static RoleContext context(RoleOptions options) {
        if (options == null) {
            return RoleContext.unknown();
        }
        return options.account != null ? RoleContext.ofAccount(options.account) : RoleContext.ofRoleArn(options.roleArn);
    }
}
