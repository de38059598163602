package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.remediation.RoleDirectory;
import io.github.crossaccountmfa.remediation.Notifier;
import io.github.crossaccountmfa.remediation.RoleRemediation;

import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Builds {@link RoleRemediation}s on real AWS clients: IAM from {@link AwsClients}, and an SNS client in the topic's
 * own region when a notification topic is given. Shared by the remediation Lambda and the {@code remediate} command.
 */
public final class AwsRemediation {
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:([a-z0-9-]+):\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");

    private final RoleDirectory roles;
    private final Optional<Notifier> notifier;

    private AwsRemediation(RoleDirectory roles, Optional<Notifier> notifier) {
        this.roles = roles;
        this.notifier = notifier;
    }

    /**
     * @param topicArn an SNS topic to tell about applied changes, or empty
     * @throws IllegalArgumentException when {@code topicArn} is not an SNS topic ARN
     */
    public static AwsRemediation using(AwsClients clients, Optional<String> topicArn) {
        Optional<Notifier> notifier = topicArn.filter(arn -> !arn.isBlank()).map(arn -> sns(clients, arn.strip()));
        return new AwsRemediation(new IamRoleDirectory(clients.iam()), notifier);
    }

    /** A remediation that decides what is offending with {@code engine}. */
    public RoleRemediation with(VerdictEngine engine) {
        return new RoleRemediation(roles, engine, notifier);
    }

    private static Notifier sns(AwsClients clients, String topicArn) {
        Matcher matcher = TOPIC_ARN.matcher(topicArn);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME): \"" + topicArn + "\"");
        }
        SnsClient client = SnsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(clients.credentials())
                .region(Region.of(matcher.group(1)))
                .build();
        return new SnsNotifier(client, topicArn);
    }
}
