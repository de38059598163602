package io.github.crossaccountmfa.remediation;

/** Tells people that a trust policy changed (an SNS topic in production). */
@FunctionalInterface
public interface Notifier {

    /**
     * Publishes one message.
     *
     * @return the message id
     * @throws RemediationException when it could not be published
     */
    String publish(String subject, String body);
}
