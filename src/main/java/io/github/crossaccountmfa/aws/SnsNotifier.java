package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.remediation.RemediationException;
import io.github.crossaccountmfa.remediation.Notifier;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/** {@link Notifier} on an SNS topic, e.g. one that the affected third parties (or their account managers) follow. */
public final class SnsNotifier implements Notifier {
    /** SNS limits subjects to 100 characters. */
    static final int MAX_SUBJECT = 100;

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public String publish(String subject, String body) {
        String shortSubject = subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 3) + "...";
        try {
            return sns.publish(r -> r.topicArn(topicArn).subject(ascii(shortSubject)).message(body)).messageId();
        } catch (SdkException e) {
            throw new RemediationException("sns:Publish to " + topicArn + " failed: " + e.getMessage(), e);
        }
    }

    /** SNS subjects must be ASCII without line breaks. */
    private static String ascii(String text) {
        return text.replaceAll("[^\\x20-\\x7E]", "-");
    }
}
