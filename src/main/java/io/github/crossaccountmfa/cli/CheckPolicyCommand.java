package io.github.crossaccountmfa.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.policy.PolicyParseException;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.report.EvaluationJson;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.ParameterException;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code check-policy}: evaluates trust-policy documents from files or stdin. */
@Command(name = "check-policy",
        description = "Evaluate trust-policy documents (raw or URL-encoded JSON; '-' reads stdin).",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = Main.ERROR,
        exitCodeOnExecutionException = Main.ERROR)
public final class CheckPolicyCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true)
    RoleOption role;

    /** --account and --role-arn are alternatives. */
    static final class RoleOption {
        @Option(names = "--account", paramLabel = "ID", description = "The role's 12-digit account id.")
        String account;

        @Option(names = "--role-arn", paramLabel = "ARN", description = "The role's ARN (gives account and partition).")
        String roleArn;
    }

    @Option(names = "--parameters", paramLabel = "JSON",
            description = "Rule parameters, the same JSON object as the Config rule's InputParameters.")
    String parameters;

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
            context = roleContext();
            engine = new VerdictEngine(RuleParameters.parse(parameters));
        } catch (ParameterException | IllegalArgumentException e) {
            err.println("check-policy: " + e.getMessage());
            return Main.ERROR;
        }
        int status = Main.OK;
        for (String file : files) {
            try {
                Evaluation evaluation = engine.evaluate(TrustPolicy.parse(read(file)), context);
                print(out, file, evaluation);
                if (evaluation.compliance() == Compliance.NON_COMPLIANT && status == Main.OK) {
                    status = Main.NON_COMPLIANT;
                }
            } catch (PolicyParseException | InputException e) {
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

    private RoleContext roleContext() {
        if (role == null) {
            return RoleContext.unknown();
        }
        return role.account != null ? RoleContext.ofAccount(role.account) : RoleContext.ofRoleArn(role.roleArn);
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

    private String read(String file) {
        try {
            if (file.equals("-")) {
                InputStream in = System.in;
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException("no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InputException("not UTF-8 text");
        } catch (IOException e) {
            throw new InputException("cannot read: " + e.getMessage());
        }
    }

    /** A file that could not be read. */
    static final class InputException extends RuntimeException {
        InputException(String message) {
            super(message);
        }
    }
}
