package io.github.crossaccountmfa.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.policy.PolicyParseException;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.report.EvaluationJson;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.ParameterException;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
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
        exitCodeOnExecutionException = Main.ERROR)
public final class CheckPolicyCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true)
    RoleOptions role;

    @Mixin
    ParametersOption parameters;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy documents; '-' for stdin.")
    List<String> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RoleContext context;
        VerdictEngine engine;
        try {
            context = RoleOptions.context(role);
            engine = new VerdictEngine(parameters.parse());
        } catch (ParameterException | IllegalArgumentException e) {
            err.println("check-policy: " + e.getMessage());
            return Main.ERROR;
        }
        int status = Main.OK;
        for (String file : files) {
            try {
                Evaluation evaluation = engine.evaluate(TrustPolicy.parse(InputFiles.read(file)), context);
                print(out, file, evaluation);
                if (evaluation.compliance() == Compliance.NON_COMPLIANT && status == Main.OK) {
                    status = Main.NON_COMPLIANT;
                }
            } catch (PolicyParseException | InputFiles.InputException e) {
                String message = e instanceof PolicyParseException ? "not a valid trust policy: " + e.getMessage()
                        : e.getMessage();
                err.println(file + ": error: " + message);
                if (format == OutputFormat.json) {
                    ObjectNode node = EvaluationJson.MAPPER.createObjectNode();
                    node.put("file", file);
                    node.put("error", message);
                    out.println(EvaluationJson.line(node));
                }
                status = Main.ERROR;
            }
            out.flush();
        }
        return status;
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
