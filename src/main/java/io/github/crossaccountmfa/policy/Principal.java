package io.github.crossaccountmfa.policy;

import io.github.crossaccountmfa.input.Excerpt;

import java.util.Optional;
import java.util.regex.Pattern;

/** One principal named in a statement's {@code Principal} or {@code NotPrincipal} element. */
public sealed interface Principal
        permits Principal.Everyone, Principal.Account, Principal.Identity, Principal.DeletedPrincipal,
                Principal.Service, Principal.Federated, Principal.CanonicalUser {

    /** The principal exactly as the policy writes it. */
    String text();

    /** {@code "*"} or {@code {"AWS":"*"}}: every principal, in every account. */
    record Everyone(String text) implements Principal {
    }

    /** A whole account: a 12-digit id or {@code arn:PARTITION:iam::ID:root}. Partition is empty for a bare id. */
    record Account(String text, String partition, String accountId) implements Principal {
    }

    /** A named IAM user, IAM role, role session or federated-user session in one account. */
    record Identity(String text, String partition, String accountId, IdentityType type, String resource)
            implements Principal {

        /** The last path segment of a user or role, or the role name of a session. */
        public String name() {
            return switch (type) {
                case USER, ROLE -> resource.substring(resource.lastIndexOf('/') + 1);
                case ASSUMED_ROLE -> resource.split("/", 3)[1];
                case FEDERATED_USER -> resource.substring(resource.indexOf('/') + 1);
            };
        }

        /** The session name of an assumed-role session. */
        public Optional<String> session() {
            if (type != IdentityType.ASSUMED_ROLE) {
                return Optional.empty();
            }
            String[] parts = resource.split("/", 3);
            return Optional.of(parts[2]);
        }
    }

    /** The kinds of identity a principal ARN can name. */
    enum IdentityType { USER, ROLE, ASSUMED_ROLE, FEDERATED_USER }

    /**
     * A unique id ({@code AROA…}, {@code AIDA…}). IAM shows these in place of an ARN once the named user or role
     * is deleted; no live principal can match one.
     */
    record DeletedPrincipal(String text) implements Principal {
    }

    /** An AWS service such as {@code ec2.amazonaws.com}. */
    record Service(String text) implements Principal {
    }

    /** A SAML or OIDC identity provider (web identity, Cognito, SAML provider ARN). */
    record Federated(String text) implements Principal {
    }

    /** An S3 canonical user id: meaningless in a trust policy. */
    record CanonicalUser(String text) implements Principal {
    }

    Pattern UNIQUE_ID = Pattern.compile("A[A-Z]{3}[A-Z0-9]{12,124}");
    Pattern PARTITION = Pattern.compile("[a-z][a-z0-9-]*");

    /** A 12-digit account id (hand-rolled: it is checked for every principal of every policy). */
    static boolean isAccountId(String text) {
        if (text.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads one value of {@code Principal.AWS}.
     *
     * @throws PolicyParseException naming {@code path} when the value is not a principal IAM accepts
     */
    static Principal aws(String value, String path) {
        if (value.equals("*")) {
            return new Everyone(value);
        }
        if (isAccountId(value)) {
            return new Account(value, "", value);
        }
        String[] arn = value.split(":", 6);
        if (arn.length != 6 || !arn[0].equals("arn") || !PARTITION.matcher(arn[1]).matches()
                || !(arn[2].equals("iam") || arn[2].equals("sts")) || !arn[3].isEmpty() || arn[5].isEmpty()) {
            if (UNIQUE_ID.matcher(value).matches()) {
                return new DeletedPrincipal(value);
            }
            throw new PolicyParseException(path, "not an AWS principal (expected \"*\", a 12-digit account id, "
                    + "an IAM or STS ARN, or a unique id): " + Excerpt.quote(value));
        }
        String partition = arn[1];
        String service = arn[2];
        String account = arn[4];
        String resource = arn[5];
        if (Glob.hasWildcard(value)) {
            throw new PolicyParseException(path, "wildcards are not allowed in a principal ARN: "
                    + Excerpt.quote(value));
        }
        if (!isAccountId(account)) {
            throw new PolicyParseException(path, "the account field of " + Excerpt.quote(value)
                    + " is not a 12-digit account id");
        }
        if (service.equals("iam")) {
            if (resource.equals("root")) {
                return new Account(value, partition, account);
            }
            if (resource.startsWith("user/") && resource.length() > 5 && !resource.endsWith("/")) {
                return new Identity(value, partition, account, IdentityType.USER, resource);
            }
            if (resource.startsWith("role/") && resource.length() > 5 && !resource.endsWith("/")) {
                return new Identity(value, partition, account, IdentityType.ROLE, resource);
            }
        } else {
            if (resource.startsWith("assumed-role/") && resource.split("/", -1).length == 3
                    && !resource.endsWith("/") && !resource.contains("//")) {
                return new Identity(value, partition, account, IdentityType.ASSUMED_ROLE, resource);
            }
            if (resource.startsWith("federated-user/") && resource.length() > 15) {
                return new Identity(value, partition, account, IdentityType.FEDERATED_USER, resource);
            }
        }
        throw new PolicyParseException(path, Excerpt.quote(value) + " names no principal: expected :root, :user/…, "
                + ":role/…, sts :assumed-role/ROLE/SESSION or sts :federated-user/…");
    }
}
