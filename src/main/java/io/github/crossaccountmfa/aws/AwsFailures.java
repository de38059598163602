package io.github.crossaccountmfa.aws;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/** For the commands: an AWS SDK failure that escaped a command, in the tool's words; empty for anything else. */
public final class AwsFailures {
    private AwsFailures() {
    }

    public static Optional<String> describe(Throwable failure) {
        return failure instanceof SdkException e ? Optional.of(AwsErrors.describe(e)) : Optional.empty();
    }
}
