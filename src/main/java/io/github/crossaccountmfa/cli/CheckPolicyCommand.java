package io.github.crossaccountmfa.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.policy.PolicyParseException;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.report.EvaluationJson;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.Finding;
import io.github.crossaccountmfa.rule.ParameterException;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code check-policy}: evaluates trust-policy documents from files or stdin. */
@Command(name = "check-policy",
        description = "Evaluate trust-policy documents (raw or URL-encoded JSON; '-' reads stdin).",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = Main.ERROR,
        exitCodeOnExecutionException = Main.ERROR,
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {Main.EXIT_OK, Main.EXIT_NON_COMPLIANT, Main.EXIT_ERROR})
public final class CheckPolicyCommand implements Callable<Integer> {
    static final String SIZE_NOTE = "no IAM policy document is longer (a role's trust policy is limited to "
            + TrustPolicy.IAM_DEFAULT_TRUST_POLICY_LENGTH + " characters by default, "
            + TrustPolicy.IAM_MAX_TRUST_POLICY_LENGTH + " when the quota is raised)";

    @ArgGroup(exclusive = true)
    RoleOptions role;

    @Mixin
    ParametersOption parameters;

    @Mixin
    KnownAccountsOption knownAccounts;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy documents; '-' for stdin.")
    List<String> files;

    @Mixin
    OutputOptions console;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = format == OutputFormat.text ? console.text(spec.commandLine().getOut())
                : spec.commandLine().getOut();
        RoleContext context;
        VerdictEngine engine;
        try {
            console.check();
            context = RoleOptions.context(role);
            engine = new VerdictEngine(parameters.parse(), Clock.systemUTC(), knownAccounts.load());
        } catch (ParameterException | IllegalArgumentException e) {
            err.println("check-policy: " + e.getMessage());
            return Main.ERROR;
        }
        int status = Main.OK;
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (String file : files) {
            try {
                Evaluation evaluation = evaluate(file, engine, context);
                print(out, file, evaluation);
                totals.merge(evaluation.compliance().name(), 1, Integer::sum);
                if (evaluation.compliance() == Compliance.NON_COMPLIANT && status == Main.OK) {
                    status = Main.NON_COMPLIANT;
                }
            } catch (InputError e) {
                err.println(file + ": error: " + e.getMessage());
                if (format == OutputFormat.json) {
                    ObjectNode node = EvaluationJson.MAPPER.createObjectNode();
                    node.put("file", file);
                    node.put("error", e.getMessage());
                    out.println(EvaluationJson.line(node));
                }
                totals.merge("error", 1, Integer::sum);
                status = Main.ERROR;
            }
            out.flush();
            err.flush();
        }
        console.detail(err, "check-policy: " + files.size() + (files.size() == 1 ? " input: " : " inputs: ")
                + totals.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", ")));
        return status;
    }

    /**
     * Reads and evaluates one input. Whatever goes wrong with it (unreadable, too large, not a policy, a parser
     * limit, an internal error) is an {@link InputError} that costs only this input: the others are still evaluated.
     */
    private static Evaluation evaluate(String file, VerdictEngine engine, RoleContext context) throws InputError {
        Evaluation evaluation;
        try {
            String text = InputFiles.read(file, TrustPolicy.MAX_DOCUMENT_LENGTH, SIZE_NOTE);
            evaluation = engine.evaluate(TrustPolicy.parse(text), context);
        } catch (InputFiles.InputException e) {
            throw new InputError(e.getMessage());
        } catch (PolicyParseException e) {
            throw new InputError("not a valid trust policy: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            throw new InputError("internal error (" + e.getClass().getSimpleName() + ") while reading this input");
        }
        Optional<String> failure = evaluation.findings().stream().filter(f -> f.kind().failedClosed())
                .map(Finding::message).findFirst();
        if (failure.isPresent()) {
            throw new InputError(failure.get());
        }
        return evaluation;
    }

    /** One input could not be evaluated; the message says why. */
    private static final class InputError extends Exception {
        InputError(String message) {
            super(message, null, false, false);
        }
    }

    private void print(PrintWriter out, String file, Evaluation evaluation) {
        if (format == OutputFormat.json) {
            ObjectNode node = EvaluationJson.MAPPER.createObjectNode();
            node.put("file", file);
            out.println(EvaluationJson.line(EvaluationJson.putEvaluation(node, evaluation)));
        } else {
            TextReport.print(out, file, evaluation);
        }
    }
}
