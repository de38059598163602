package io.github.crossaccountmfa.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Trust-policy documents an adversary (or an unlucky generator) can hand the rule, each with the words its error
 * must contain. They are generated rather than stored: several are tens of thousands of characters long. Every one
 * must cost only its own input: an error naming the element and position on the command line, its own
 * NON_COMPLIANT result in AWS Config, never an exception that stops the other inputs and never a parser's text.
 */
public final class HostileInputs {
    /** Text that only a library puts into a message. */
    public static final List<String> LIBRARY_TEXT = List.of("[Source", "REDACTED", "StreamReadConstraints",
            "com.fasterxml", "Exception", "JsonLocation", "getLineNr", "`", "(code ");

    private static final String PRINCIPAL = "\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"}";

    /**
     * One hostile document.
     *
     * @param name    a file name for it
     * @param policy  the document
     * @param message what its error says (a fragment)
     */
    public record Policy(String name, String policy, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private HostileInputs() {
    }

    /** A policy whose only statement has {@code condition} (the JSON of a Condition element). */
    public static String withCondition(String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"," + PRINCIPAL
                + ",\"Action\":\"sts:AssumeRole\",\"Condition\":" + condition + "}]}";
    }

    /** Every hostile trust policy: each of the JSON reader's limits, malformed text and escapes, wrong types. */
    public static List<Policy> policies() {
        List<Policy> all = new ArrayList<>();
        // The report that started it: 1 197 characters, within IAM's quota, with a 1 001-digit number.
        all.add(new Policy("number-of-1001-digits.json",
                withCondition("{\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":" + "9".repeat(1001) + "}}"),
                "Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge: unreadable JSON: a number longer "
                        + "than 1000 digits (line 1, column"));
        all.add(new Policy("account-id-of-1001-digits.json",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":" + "1".repeat(1001)
                        + "},\"Action\":\"sts:AssumeRole\"}]}",
                "Statement[0].Principal.AWS: unreadable JSON: a number longer than 1000 digits"));
        all.add(new Policy("arrays-nested-1001-deep.json",
                withCondition("{\"StringEquals\":{\"sts:ExternalId\":" + "[".repeat(1001) + "\"x\""
                        + "]".repeat(1001) + "}}"),
                "unreadable JSON: nested deeper than 1000 levels (line 1, column"));
        all.add(new Policy("objects-nested-1001-deep.json",
                "{\"Statement\":" + "{\"a\":".repeat(1001) + "1" + "}".repeat(1001) + "}",
                "unreadable JSON: nested deeper than 1000 levels"));
        all.add(new Policy("key-of-50001-characters.json",
                withCondition("{\"StringEquals\":{\"" + "k".repeat(50_001) + "\":\"x\"}}"),
                "Statement[0].Condition.StringEquals: unreadable JSON: a key longer than 50000 characters"));
        all.add(new Policy("document-of-200000-characters.json",
                withCondition("{\"StringEquals\":{\"sts:ExternalId\":\"" + "x".repeat(200_000) + "\"}}"),
                "more than the 131072 this tool reads: IAM accepts no policy document that long (a role's trust "
                        + "policy is limited to 2048 characters by default, 4096 when the quota is raised)"));
        all.add(new Policy("url-encoding-with-a-malformed-escape.txt",
                "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%zz%7D%5D%7D",
                "not JSON, and not a valid URL-encoded document: malformed escape \"%zz\" at character 51"));
        all.add(new Policy("url-encoding-cut-in-an-escape.txt", "%7B%22Statement%2",
                "malformed escape \"%2\" at character 16"));
        all.add(new Policy("url-encoding-of-bytes-that-are-not-utf-8.txt",
                URLEncoder.encode(withCondition("{\"StringEquals\":{\"sts:ExternalId\":\"a\"}}"), StandardCharsets.UTF_8)
                        .replace("%22a%22", "%22%FF%FE%22"),
                "the escapes at character"));
        all.add(new Policy("invalid-escape-in-a-string.json",
                withCondition("{\"StringEquals\":{\"sts:ExternalId\":\"a\\qb\"}}"),
                "Statement[0].Condition.StringEquals.sts:ExternalId: invalid JSON: invalid escape \\q in a string"));
        all.add(new Policy("control-character-in-a-string.json",
                withCondition("{\"StringEquals\":{\"sts:ExternalId\":\"a\u0001b\"}}"),
                "invalid JSON: a control character (U+0001) inside a string"));
        String complete = withCondition("{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}");
        all.add(new Policy("truncated.json", complete.substring(0, complete.length() - 3),
                "Statement[0]: invalid JSON: the document ends before an object is closed with '}'"));
        all.add(new Policy("value-missing.json", withCondition("{\"Bool\":{\"aws:MultiFactorAuthPresent\":}}"),
                "Statement[0].Condition.Bool.aws:MultiFactorAuthPresent: invalid JSON: unexpected '}' where a value "
                        + "was expected (line 1, column 185)"));
        all.add(new Policy("duplicate-key.json",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Effect\":\"Deny\"," + PRINCIPAL + ",\"Action\":\"*\"}]}",
                "Statement[0]: invalid JSON: duplicate key \"Effect\" (line 1, column"));
        all.add(new Policy("not-a-number.json", withCondition("{\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":NaN}}"),
                "invalid JSON: NaN and Infinity are not JSON numbers"));
        all.add(new Policy("leading-zeros.json", withCondition("{\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":0900}}"),
                "invalid JSON: a number with leading zeros"));
        all.add(new Policy("comment.json", "{\"Statement\": /* all */ []}", "comments are not allowed in JSON"));
        all.add(new Policy("trailing-content.json", withCondition("{}") + "{}",
                "invalid JSON: unexpected content after the end of the document (line 1, column"));
        all.add(new Policy("statement-a-number.json", "{\"Version\":\"2012-10-17\",\"Statement\":42}",
                "Statement: expected an object or array (line 1, column 25)"));
        all.add(new Policy("principal-aws-an-object.json",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":{\"x\":1}},\"Action\":\"*\"}]}",
                "Statement[0].Principal.AWS: expected a string or array (line 1, column"));
        all.add(new Policy("effect-a-number.json",
                "{\"Statement\":[{\"Effect\":1," + PRINCIPAL + ",\"Action\":\"*\"}]}",
                "Statement[0].Effect: expected a string, got a number (line 1, column 16)"));
        all.add(new Policy("condition-value-null.json", withCondition("{\"Bool\":{\"aws:MultiFactorAuthPresent\":null}}"),
                "Statement[0].Condition.Bool.aws:MultiFactorAuthPresent: expected a string, boolean, number or array"));
        all.add(new Policy("document-an-array.json", "[" + withCondition("{}") + "]",
                "expected the policy, got an array"));
        all.add(new Policy("huge-principal-value.json",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + "z".repeat(100_000)
                        + "\"},\"Action\":\"*\"}]}",
                "not an AWS principal"));
        all.add(new Policy("empty.json", "", "the document is empty"));
        return all;
    }

    /** The one named {@code name}. */
    public static Policy policy(String name) {
        return policies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
