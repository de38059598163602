package io.github.crossaccountmfa.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.report.EvaluationJson;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.ParameterException;
import io.github.crossaccountmfa.rule.VerdictEngine;
import io.github.crossaccountmfa.template.FileReport;
import io.github.crossaccountmfa.template.Outcome;
import io.github.crossaccountmfa.template.RoleCheck;
import io.github.crossaccountmfa.template.SarifReport;
import io.github.crossaccountmfa.template.TemplateChecker;
import io.github.crossaccountmfa.template.CheckResult;
import io.github.crossaccountmfa.template.ParameterValues;
import io.github.crossaccountmfa.template.TerraformVariables;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code check-template}: evaluates the trust policies of the IAM roles declared in infrastructure-as-code. */
@Command(name = "check-template",
        description = {"Check the trust policy of every IAM role declared in CloudFormation or SAM templates (YAML "
                + "or JSON, with StackSets and local nested stacks), CDK output (cdk.out), Terraform plans "
                + "(terraform show -json plan.out) and Terraform source (.tf files: a directory is one module, "
                + "local modules are followed). A directory is searched for them.",
                "A value the template leaves open (a parameter without Default, an SSM parameter, an import) is "
                        + "given the worst case over the values it could take, and the result says so."},
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = Main.ERROR,
        exitCodeOnExecutionException = Main.ERROR,
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {Main.EXIT_OK, Main.EXIT_NON_COMPLIANT, "2:usage or input error, including roles whose trust "
                + "policy cannot be known before deployment (the other files are still checked)"})
public final class CheckTemplateCommand implements Callable<Integer> {

    /** Output formats of check-template. */
    enum Format { text, json, sarif }

    @ArgGroup(exclusive = true)
    RoleOptions role;

    @Mixin
    ParametersOption parameters;

    @Mixin
    KnownAccountsOption knownAccounts;

    @Option(names = "--parameter-overrides", paramLabel = "KEY=VALUE", arity = "1..*",
            parameterConsumer = OverridesConsumer.class,
            description = "Template parameter values, as sam deploy and aws cloudformation deploy take them "
                    + "(Key=Value or ParameterKey=Key,ParameterValue=Value); they also bind Terraform root "
                    + "variables (name=value, as terraform plan -var takes them).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--parameters-file", paramLabel = "FILE",
            description = "Template parameter values from a file: CloudFormation's [{\"ParameterKey\": …, "
                    + "\"ParameterValue\": …}], a CodePipeline {\"Parameters\": {…}}, or a samconfig.toml/.yaml "
                    + "(its parameter_overrides). --parameter-overrides win.")
    Path parametersFile;

    @Option(names = "--var-file", paramLabel = "FILE",
            description = "Terraform variable values from a .tfvars or .tfvars.json file, as terraform plan "
                    + "-var-file takes it (repeatable; after terraform.tfvars and *.auto.tfvars, before "
                    + "--parameter-overrides).")
    List<Path> varFiles = new ArrayList<>();

    @Option(names = "--config-env", paramLabel = "ENV", defaultValue = "default",
            description = "The environment of a samconfig file given as --parameters-file (default: ${DEFAULT-VALUE}).")
    String configEnv;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the output to FILE; a text summary goes to standard error.")
    Path output;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Templates, Terraform plan JSON files, Terraform .tf files, CDK cdk.out directories, or "
                    + "directories to search; '-' reads stdin.")
    List<String> files;

    @Mixin
    OutputOptions console;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Takes the Key=Value arguments that follow --parameter-overrides, and stops at the first that is not one. */
    static final class OverridesConsumer implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(java.util.Stack<String> args, CommandLine.Model.ArgSpec argSpec,
                                      CommandLine.Model.CommandSpec commandSpec) {
            List<String> values = argSpec.getValue();
            int taken = 0;
            while (!args.isEmpty() && (taken == 0 || ParameterValues.isOverride(args.peek()))) {
                values.add(args.pop());
                taken++;
            }
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        TemplateChecker checker;
        try {
            console.check();
            ParameterValues values = parametersFile == null ? ParameterValues.NONE
                    : ParameterValues.read(parametersFile, Optional.of(configEnv));
            values = values.with(ParameterValues.parseOverrides(overrides));
            checker = new TemplateChecker(new VerdictEngine(parameters.parse(), Clock.systemUTC(), knownAccounts.load()),
                    RoleOptions.context(role), values,
                    TerraformVariables.read(varFiles));
        } catch (ParameterException | IllegalArgumentException e) {
            err.println("check-template: " + e.getMessage());
            return Main.ERROR;
        }
        List<TemplateChecker.Input> inputs = new ArrayList<>();
        for (String argument : files) {
            if (argument.equals("-")) {
                try {
                    inputs.add(new TemplateChecker.Input.Text(argument, InputFiles.read(argument)));
                } catch (InputFiles.InputException e) {
                    err.println(argument + ": error: " + e.getMessage());
                    return Main.ERROR;
                }
            } else {
                inputs.add(new TemplateChecker.Input.File(argument));
            }
        }
        CheckResult result = checker.checkAll(inputs, output == null ? Set.of() : Set.of(output));
        result.notices().forEach(n -> console.note(err, (n.file().isEmpty() ? "check-template" : n.file())
                + ": notice: " + n.message()));
        StringWriter buffer = new StringWriter();
        PrintWriter out = output != null ? new PrintWriter(buffer)
                : format == Format.text ? console.text(spec.commandLine().getOut()) : spec.commandLine().getOut();
        for (FileReport report : result.reports()) {
            if (report instanceof FileReport.Checked checked) {
                console.detail(err, "check-template: " + checked.file() + ": " + checked.roles().size()
                        + (checked.roles().size() == 1 ? " role" : " roles"));
            }
            printErrors(err, report);
            if (format != Format.sarif) {
                print(out, report);
            }
        }
        if (format == Format.sarif) {
            out.println(pretty(SarifReport.of(result.reports(), result.notices(), toolVersion(), Path.of(""))));
        } else if (format == Format.text) {
            out.println(Totals.of(result.reports()).line());
        }
        out.flush();
        if (output != null) {
            try {
                Files.writeString(output, buffer.toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("check-template: cannot write " + output + ": " + e.getMessage());
                return Main.ERROR;
            }
        }
        if (output != null || format == Format.sarif) {
            summary(err, result.reports());
        }
        err.flush();
        return Totals.of(result.reports()).status();
    }

    /** For CI logs, where SARIF and output files are not read: each role that fails the check, and the totals. */
    private void summary(PrintWriter err, List<FileReport> reports) {
        for (FileReport report : reports) {
            if (report instanceof FileReport.Checked checked) {
                for (RoleCheck role : checked.roles()) {
                    if (role.outcome() instanceof Outcome.Evaluated e
                            && e.evaluation().compliance() == Compliance.NON_COMPLIANT) {
                        err.println("NON_COMPLIANT  " + checked.file() + "#" + role.resource() + "  "
                                + e.evaluation().annotation()
                                + (e.assumptions().isEmpty() ? "" : " (" + e.assumptionClause() + ")"));
                    } else if (role.isError() && format == Format.text) {
                        err.println("ERROR  " + checked.file() + "#" + role.resource() + "  " + message(role.outcome()));
                    }
                }
            }
        }
        console.note(err, Totals.of(reports).line());
    }

    /** Errors always reach stderr, like check-policy's; text output also shows a role's error in its block. */
    private void printErrors(PrintWriter err, FileReport report) {
        switch (report) {
            case FileReport.Failed failed -> err.println(failed.file() + ": error: " + failed.error());
            case FileReport.Checked checked -> {
                if (format != Format.text || output != null) {
                    checked.roles().stream().filter(RoleCheck::isError).forEach(role -> err.println(
                            checked.file() + "#" + role.resource() + ": error: " + message(role.outcome())));
                }
            }
        }
    }

    private void print(PrintWriter out, FileReport report) {
        switch (report) {
            case FileReport.Failed failed -> {
                if (format == Format.json) {
                    ObjectNode node = EvaluationJson.MAPPER.createObjectNode();
                    node.put("file", failed.file());
                    node.put("error", failed.error());
                    out.println(EvaluationJson.line(node));
                }
            }
            case FileReport.Checked checked -> checked.roles().forEach(role -> print(out, checked.file(), role));
        }
    }

    private void print(PrintWriter out, String file, RoleCheck role) {
        if (format == Format.json) {
            ObjectNode node = EvaluationJson.MAPPER.createObjectNode();
            node.put("file", file);
            node.put("resource", role.resource());
            if (role.outcome() instanceof Outcome.Evaluated evaluated) {
                EvaluationJson.putEvaluation(node, evaluated.evaluation());
                JsonNode findings = node.remove("findings");
                ArrayNode assumptions = node.putArray("assumptions");
                evaluated.assumptions().forEach(a -> assumptions.addObject().put("value", a.value())
                        .put("assumed", a.assumed()));
                node.set("findings", findings);
            } else {
                node.put("error", message(role.outcome()));
            }
            out.println(EvaluationJson.line(node));
        } else if (role.outcome() instanceof Outcome.Evaluated evaluated) {
            TextReport.print(out, file + "#" + role.resource(), evaluated.evaluation(), evaluated.assumptionClause());
        } else {
            out.println("ERROR  " + file + "#" + role.resource());
            out.println("  " + message(role.outcome()));
        }
    }

    private static String message(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Evaluated evaluated -> evaluated.evaluation().annotation();
            case Outcome.Unresolved unresolved -> unresolved.message();
            case Outcome.Invalid invalid -> invalid.message();
        };
    }

    /** What the text format's last line and the exit status are made of. */
    private record Totals(int files, int failedFiles, Map<Compliance, Integer> verdicts, int errors) {
        private static final List<Compliance> VERDICT_ORDER =
                List.of(Compliance.NON_COMPLIANT, Compliance.COMPLIANT, Compliance.NOT_APPLICABLE);

        static Totals of(List<FileReport> reports) {
            Map<Compliance, Integer> verdicts = new EnumMap<>(Compliance.class);
            int errors = 0;
            int failedFiles = 0;
            for (FileReport report : reports) {
                if (!(report instanceof FileReport.Checked checked)) {
                    failedFiles++;
                    continue;
                }
                for (RoleCheck role : checked.roles()) {
                    if (role.outcome() instanceof Outcome.Evaluated evaluated) {
                        verdicts.merge(evaluated.evaluation().compliance(), 1, Integer::sum);
                    } else {
                        errors++;
                    }
                }
            }
            return new Totals(reports.size() - failedFiles, failedFiles, verdicts, errors);
        }

        int count(Compliance compliance) {
            return verdicts.getOrDefault(compliance, 0);
        }

        int status() {
            if (failedFiles > 0 || errors > 0) {
                return Main.ERROR;
            }
            return count(Compliance.NON_COMPLIANT) > 0 ? Main.NON_COMPLIANT : Main.OK;
        }

        /** {@code 34 roles in 1 file: 11 NON_COMPLIANT, 9 COMPLIANT, 10 NOT_APPLICABLE, 4 errors} */
        String line() {
            int roles = errors + verdicts.values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder line = new StringBuilder()
                    .append(plural(roles, "role")).append(" in ").append(plural(files, "file")).append(": ");
            for (Compliance compliance : VERDICT_ORDER) {
                line.append(count(compliance)).append(' ').append(compliance).append(", ");
            }
            line.append(plural(errors, "error"));
            if (failedFiles > 0) {
                line.append("; ").append(plural(failedFiles, "file")).append(" not checked");
            }
            return line.toString();
        }

        private static String plural(int count, String noun) {
            return count + " " + noun + (count == 1 ? "" : "s");
        }
    }

    private static String pretty(ObjectNode node) {
        try {
            return EvaluationJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SARIF's tool version: this build's; a copy that Maven did not filter (an IDE build) has none. */
    static String toolVersion() {
        String version = BuildInfo.current().version();
        return version.equals(BuildInfo.UNKNOWN) ? "0.0.0-development" : version;
    }
}
