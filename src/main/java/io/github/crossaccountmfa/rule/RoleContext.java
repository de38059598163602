package io.github.crossaccountmfa.rule;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the engine knows about the role a trust policy belongs to.
 *
 * @param accountId the role's account, when known
 * @param partition the role's partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}, …)
 */
public record RoleContext(Optional<String> accountId, String partition) {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:([a-z][a-z0-9-]*):iam::(\\d{12}):role/.+");

    public static RoleContext unknown() {
        return new RoleContext(Optional.empty(), "aws");
    }

    /** @throws IllegalArgumentException when {@code accountId} is not 12 digits */
    public static RoleContext ofAccount(String accountId) {
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("not a 12-digit account id: \"" + accountId + "\"");
        }
        return new RoleContext(Optional.of(accountId), "aws");
    }

    /** @throws IllegalArgumentException when {@code roleArn} is not an IAM role ARN */
    public static RoleContext ofRoleArn(String roleArn) {
        Matcher m = ROLE_ARN.matcher(roleArn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an IAM role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME): \"" + roleArn + "\"");
        }
        return new RoleContext(Optional.of(m.group(2)), m.group(1));
    }
}
