package io.github.crossaccountmfa.template;

import java.util.List;
import java.util.Optional;

/**
 * A value a template leaves open until deployment: a parameter without {@code Default}, an SSM parameter, an
 * import, another resource's attribute, a pseudo parameter such as {@code AWS::Region}, a Terraform value known
 * only after apply. It stands in the resolved policy as a token ({@link OpenValues#token}); the worst case over the
 * values it could take gives the verdict ({@link WorstCase}). Readers of other formats (a Terraform source reader)
 * create open values the same way.
 *
 * @param reference     how the template names it, as the assumption shows it: {@code Ref ExternalId}
 * @param name          the short name shown in its place in annotations: {@code <ExternalId>}
 * @param note          where its value comes from, when that helps ({@code SSM parameter /org/id, read at deployment})
 * @param allowedValues every value it can take, when the template says so ({@code AllowedValues}, a mapping)
 * @param allowedPattern a regular expression every value matches ({@code AllowedPattern})
 */
record OpenValue(String reference, String name, Optional<String> note, List<String> allowedValues,
                 Optional<String> allowedPattern) {

    OpenValue {
        allowedValues = List.copyOf(allowedValues);
    }

    static OpenValue of(String reference, String name) {
        return new OpenValue(reference, name, Optional.empty(), List.of(), Optional.empty());
    }

    OpenValue withNote(String text) {
        return new OpenValue(reference, name, Optional.of(text), allowedValues, allowedPattern);
    }

    /** How it is shown where the policy uses it. */
    String placeholder() {
        return "<" + name + ">";
    }
}
