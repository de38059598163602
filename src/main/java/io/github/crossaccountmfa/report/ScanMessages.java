package io.github.crossaccountmfa.report;

import java.util.Optional;

/**
 * The words for a scan that could not reach what it needed: one sentence per failure, naming the call, what AWS
 * answered and what to do. The same wording serves the whole-account error of {@code scan} and the error entry
 * of one account in organization mode.
 */
public final class ScanMessages {
    private static final String ROLE_PERMISSIONS = "iam:ListRoles and iam:ListRoleTags";

    private ScanMessages() {
    }

    /**
     * Whose credentials a message speaks of.
     *
     * @param profile     the {@code --profile} given, if any
     * @param needs       who needs the IAM permissions: {@code the scan} or {@code the execution role}
     * @param consequence what the failure means for the report, appended before any advice ({@code ""} for none)
     */
    public record Context(Optional<String> profile, String needs, String consequence) {
        /** A scan of the current account: a failure means no report. */
        public static Context wholeScan(Optional<String> profile) {
            return new Context(profile, "the scan", "; no report was produced");
        }

        /** One account of an organization, entered through its execution role: the failure is its error entry. */
        public static Context memberAccount() {
            return new Context(Optional.empty(), "the execution role", "");
        }

        /** The credentials' own account in an organization audit (scanned without assuming a role). */
        public static Context callerAccount() {
            return new Context(Optional.empty(), "the scan", "");
        }
    }

    /** Why listing or evaluating the roles of an account failed. */
    public static String scanFailure(ScanException e, Context context) {
        String operation = e.operation();
        String progress = e.listed() > 0
                ? " after " + e.listed() + (e.listed() == 1 ? " role was" : " roles were") + " listed" : "";
        String consequence = e.listed() > 0 && !context.consequence().isEmpty()
                ? context.consequence() + ", because it would be incomplete" : context.consequence();
        if (!(e.getCause() instanceof AwsCallException aws)) {
            return operation + " failed" + progress + ": " + e.getCause() + consequence;
        }
        return switch (aws.kind()) {
            case ACCESS_DENIED -> "access denied to " + operation + " (" + aws.said() + "); " + context.needs()
                    + " needs " + ROLE_PERMISSIONS + consequence;
            case THROTTLED -> "IAM throttled " + operation + progress + " and kept throttling after "
                    + aws.attemptsText() + " (" + aws.answer() + ")" + consequence + "; try again later";
            case BAD_CREDENTIALS -> "the AWS credentials were rejected by " + operation + " (" + aws.answer() + ")"
                    + consequence;
            case NO_CREDENTIALS -> noCredentials(context.profile()) + consequence;
            case UNREACHABLE -> operation + " failed" + progress + ": " + unreachable("IAM", aws) + consequence;
            case OTHER -> operation + " failed" + progress + " (" + aws.answer() + ")" + consequence;
        };
    }

    /**
     * Why a call made before any account was scanned failed: setting up the clients, or finding out who the
     * caller is and which accounts the organization has. No report can follow.
     */
    public static String setupFailure(AwsCallException e, Optional<String> profile) {
        String noReport = "; no report was produced";
        String action = e.action();
        return switch (e.kind()) {
            case NO_CREDENTIALS -> noCredentials(profile) + noReport;
            case BAD_CREDENTIALS -> "the AWS credentials were rejected by " + action + " (" + e.answer() + ")" + noReport;
            case ACCESS_DENIED -> "access denied to " + action + " (" + e.said() + ")"
                    + (action.startsWith("organizations:")
                    ? "; scan --organization needs credentials of the organization's management account or of a "
                    + "delegated administrator, with organizations:DescribeOrganization and organizations:ListAccounts"
                    : "") + noReport;
            case THROTTLED -> "AWS throttled " + action + " and kept throttling after " + e.attemptsText() + " ("
                    + e.answer() + ")" + noReport + "; try again later";
            case UNREACHABLE -> action + " failed: " + unreachable(service(action), e) + noReport;
            case OTHER -> (e.code().equals("AWSOrganizationsNotInUseException")
                    ? "the account of these credentials is not in an AWS Organization (" + e.answer() + ")"
                    : action + " failed (" + e.answer() + ")") + noReport;
        };
    }

    /** Why an account of the organization could not be entered ({@code sts:AssumeRole} of its execution role). */
    public static String entryFailure(AwsCallException e, String caller) {
        String role = e.target().isEmpty() ? "the execution role" : e.target();
        return switch (e.kind()) {
            case ACCESS_DENIED -> "cannot assume " + role + ": access denied (" + e.said() + "); the role does not "
                    + "exist in this account, or its trust policy does not admit " + caller
                    + " (deploy the role there, or name another with --execution-role-name)";
            case THROTTLED -> "STS throttled sts:AssumeRole of " + role + " and kept throttling after "
                    + e.attemptsText() + " (" + e.answer() + "); lower --max-concurrency or try again later";
            case BAD_CREDENTIALS -> "the AWS credentials were rejected by sts:AssumeRole of " + role + " ("
                    + e.answer() + ")";
            case NO_CREDENTIALS -> "cannot assume " + role + ": " + noCredentials(Optional.empty());
            case UNREACHABLE -> "cannot assume " + role + ": " + unreachable("STS", e);
            case OTHER -> "cannot assume " + role + " (" + e.answer() + ")";
        };
    }

    private static String noCredentials(Optional<String> profile) {
        return "no AWS credentials found" + profile.map(p -> " for profile " + p).orElse(" by the default chain")
                + "; configure credentials (environment variables, ~/.aws/credentials or config, SSO, an instance or "
                + "container role) or pass --profile";
    }

    private static String unreachable(String service, AwsCallException e) {
        return "cannot reach " + service + ": " + e.detail()
                + (e.attempts() > 0 && !e.detail().contains("Attempt Count") ? " (" + e.attemptsText() + ")" : "");
    }

    private static String service(String action) {
        int colon = action.indexOf(':');
        String prefix = colon < 0 ? action : action.substring(0, colon);
        return switch (prefix) {
            case "iam" -> "IAM";
            case "sts" -> "STS";
            case "organizations" -> "AWS Organizations";
            default -> prefix;
        };
    }
}
