package io.github.crossaccountmfa.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Trust policies of known verdicts for scan tests (account {@value #ACCOUNT} is the roles' own account). */
public final class Policies {
    public static final String ACCOUNT = "123456789012";
    public static final String PARTNER = "222222222222";

    private Policies() {
    }

    /** NON_COMPLIANT: a third-party account, no MFA condition. */
    public static String thirdPartyWithoutMfa(String account) {
        return """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}""".formatted(account);
    }

    /** COMPLIANT: a third-party account that must use MFA. */
    public static String thirdPartyWithMfa(String account) {
        return """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole",\
                "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}""".formatted(account);
    }

    /** NOT_APPLICABLE: only the own account. */
    public static String ownAccount() {
        return """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}""".formatted(ACCOUNT);
    }

    /** NOT_APPLICABLE: an AWS service. */
    public static String service(String service) {
        return """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                "Principal":{"Service":"%s"},"Action":"sts:AssumeRole"}]}""".formatted(service);
    }

    /** NON_COMPLIANT in statement 2 only; statement 1 lets the own account in. */
    public static String secondStatementOffends(String account) {
        return """
                {"Version":"2012-10-17","Statement":[\
                {"Sid":"Own","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"},\
                {"Sid":"Partner","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::%s:root","arn:aws:iam::333333333333:user/bob"]},\
                "Action":"sts:AssumeRole"}]}""".formatted(ACCOUNT, account);
    }

    public static final String UNPARSEABLE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Maybe\"";

    /** A role id of IAM's shape, derived from the name. */
    public static String roleId(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            StringBuilder id = new StringBuilder("AROA");
            for (int i = 0; i < 17; i++) {
                id.append(alphabet.charAt((digest[i] & 0xff) % alphabet.length()));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
