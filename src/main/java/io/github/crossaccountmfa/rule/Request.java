package io.github.crossaccountmfa.rule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One concrete {@code sts:AssumeRole} request: who calls (an IAM user or a role session, with its path) and the
 * values of the request's other condition keys. A key missing from {@code context} is absent from the request; a
 * key mapped to an empty list is a present, empty set (a multi-valued key with no values).
 *
 * <p>The keys that describe the caller ({@code aws:PrincipalArn}, {@code aws:PrincipalAccount},
 * {@code aws:PrincipalType}, {@code aws:username}, {@code aws:PrincipalIsAWSService}) are derived from the caller
 * and cannot be given in {@code context}; everything else (MFA keys, organization id and paths, source IP or VPC
 * keys, {@code sts:ExternalId}, tags, …) is given there, exactly as the request carries it.
 *
 * @param account   the caller's 12-digit account id
 * @param partition the ARN partition ({@code aws}, …)
 * @param type      user or role session
 * @param path      the user's or role's path and name, e.g. {@code ops/bob} or {@code deploy}
 * @param session   the role-session name ({@code ""} for a user)
 * @param context   condition keys in lower case to their values
 */
public record Request(String account, String partition, CallerType type, String path, String session,
                      Map<String, List<String>> context) {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    /** The principals that can call {@code sts:AssumeRole} with their own credentials. */
    public enum CallerType { USER, ROLE_SESSION }

    public Request {
        if (!ACCOUNT_ID.matcher(account).matches()) {
            throw new IllegalArgumentException("not a 12-digit account id: \"" + account + "\"");
        }
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("not a user or role path and name: \"" + path + "\"");
        }
        if (type == CallerType.ROLE_SESSION == session.isEmpty()) {
            throw new IllegalArgumentException("a role session, and only a role session, has a session name");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        context.forEach((key, values) -> {
            String lower = key.toLowerCase(Locale.ROOT);
            if (derived(lower)) {
                throw new IllegalArgumentException(key + " describes the caller: it is derived, not given");
            }
            copy.put(lower, List.copyOf(values));
        });
        context = Map.copyOf(copy);
        Objects.requireNonNull(partition);
    }

    public static Request user(String account, String path) {
        return new Request(account, "aws", CallerType.USER, path, "", Map.of());
    }

    public static Request roleSession(String account, String path, String session) {
        return new Request(account, "aws", CallerType.ROLE_SESSION, path, session, Map.of());
    }

    /** This request with {@code key} present and holding {@code values}. */
    public Request with(String key, String... values) {
        Map<String, List<String>> next = new LinkedHashMap<>(context);
        next.put(key.toLowerCase(Locale.ROOT), List.of(values));
        return new Request(account, partition, type, path, session, next);
    }

    /** This request with {@code key} absent. */
    public Request without(String key) {
        Map<String, List<String>> next = new LinkedHashMap<>(context);
        next.remove(key.toLowerCase(Locale.ROOT));
        return new Request(account, partition, type, path, session, next);
    }

    /** {@code aws:PrincipalArn}: the user's ARN, or the role's ARN (with its path) for a role session. */
    public String principalArn() {
        return caller().principalArn();
    }

    /** The ARN STS reports for the caller: the user's ARN, or {@code arn:…:sts::ID:assumed-role/NAME/SESSION}. */
    public String callerArn() {
        return type == CallerType.USER ? principalArn()
                : "arn:" + partition + ":sts::" + account + ":assumed-role/" + caller().name() + "/" + session;
    }

    /** Whether the request carries MFA: {@code aws:MultiFactorAuthPresent} is {@code true}. */
    public boolean withMfa() {
        List<String> present = context.get("aws:multifactorauthpresent");
        return present != null && present.size() == 1 && present.get(0).equalsIgnoreCase("true");
    }

    Caller caller() {
        return type == CallerType.USER
                ? Caller.user(account, partition, "user/" + path, true)
                : Caller.roleSession(account, partition, "role/" + path, session, true);
    }

    /** The request's value of a condition key (lower case), derived keys included. */
    RequestValue value(String normalizedKey) {
        Caller caller = caller();
        return switch (KeyKind.of(normalizedKey)) {
            case PRINCIPAL_ACCOUNT -> RequestValue.of(account);
            case PRINCIPAL_ARN -> RequestValue.of(caller.principalArn());
            case PRINCIPAL_TYPE -> RequestValue.of(caller.principalType());
            case USERNAME -> type == CallerType.USER ? RequestValue.of(caller.name()) : RequestValue.ABSENT;
            case PRINCIPAL_IS_AWS_SERVICE -> RequestValue.of("false");
            default -> {
                List<String> values = context.get(normalizedKey);
                yield values == null ? RequestValue.ABSENT : RequestValue.of(values);
            }
        };
    }

    private static boolean derived(String normalizedKey) {
        return switch (KeyKind.of(normalizedKey)) {
            case PRINCIPAL_ACCOUNT, PRINCIPAL_ARN, PRINCIPAL_TYPE, USERNAME, PRINCIPAL_IS_AWS_SERVICE -> true;
            default -> false;
        };
    }
}
