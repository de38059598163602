package io.github.crossaccountmfa.cli;

import io.github.crossaccountmfa.rule.RuleParameters;
import picocli.CommandLine.Option;

/** {@code --parameters JSON}: the rule parameters, as a picocli mixin. */
final class ParametersOption {
    @Option(names = "--parameters", paramLabel = "JSON",
            description = "Rule parameters: the same JSON object as the Config rule's InputParameters.")
    String json;

    /** The parameters as given ({@code ""} when none), as reports show them. */
    String text() {
        return json == null ? "" : json;
    }

    /** @throws io.github.crossaccountmfa.rule.ParameterException naming the key at fault */
    RuleParameters parse() {
        return RuleParameters.parse(json);
    }
}
