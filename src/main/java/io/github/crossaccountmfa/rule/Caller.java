package io.github.crossaccountmfa.rule;

/**
 * A candidate third-party caller of {@code sts:AssumeRole}: an IAM user or a role session in some account.
 * (The root user and federation-token sessions cannot call AssumeRole.)
 *
 * @param account   12-digit account id
 * @param partition ARN partition
 * @param type      user or role session
 * @param resource  {@code user/PATH/NAME} or {@code role/PATH/NAME}
 * @param session   the session name for a role session, else {@code ""}
 * @param named     whether the policy names this account (false for the generic outsider)
 */
record Caller(String account, String partition, Type type, String resource, String session, boolean named) {

    enum Type { USER, ROLE_SESSION }

    static Caller user(String account, String partition, String resource, boolean named) {
        return new Caller(account, partition, Type.USER, resource, "", named);
    }

    static Caller roleSession(String account, String partition, String resource, String session, boolean named) {
        return new Caller(account, partition, Type.ROLE_SESSION, resource, session, named);
    }

    /** {@code aws:PrincipalArn}: the user's ARN, or the role's ARN for a role session. */
    String principalArn() {
        return "arn:" + partition + ":iam::" + account + ":" + resource;
    }

    /** The user or role name (last path segment). */
    String name() {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    /** {@code aws:PrincipalType}. */
    String principalType() {
        return type == Type.USER ? "User" : "AssumedRole";
    }
}
