package io.github.crossaccountmfa.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.github.crossaccountmfa.template.TemplateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
                + "or JSON), CDK output (cdk.out directories or *.template.json), and Terraform plans "
                + "(terraform show -json plan.out).",
                "Exit status: 0 = nothing NON_COMPLIANT, 1 = something NON_COMPLIANT, 2 = usage or input error "
                        + "(including roles whose trust policy depends on values known only at deployment)."},
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = Main.ERROR,
        exitCodeOnExecutionException = Main.ERROR)
public final class CheckTemplateCommand implements Callable<Integer> {

    /** Output formats of check-template. */
    enum Format { text, json, sarif }

    @ArgGroup(exclusive = true)
    RoleOptions role;

    @Mixin
    ParametersOption parameters;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Templates, Terraform plan JSON files, or CDK cdk.out directories; '-' reads stdin.")
    List<String> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TemplateChecker checker;
        try {
            checker = new TemplateChecker(new VerdictEngine(parameters.parse()), RoleOptions.context(role));
        } catch (ParameterException | IllegalArgumentException e) {
            err.println("check-template: " + e.getMessage());
            return Main.ERROR;
        }
        List<FileReport> reports = new ArrayList<>();
        for (String argument : files) {
            for (FileReport report : check(checker, argument)) {
                reports.add(report);
                printErrors(err, report);
                if (format != Format.sarif) {
                    print(out, report);
                }
                out.flush();
            }
        }
        if (format == Format.sarif) {
            out.println(pretty(SarifReport.of(reports, toolVersion(), Path.of(""))));
        } else if (format == Format.text) {
            out.println(Totals.of(reports).line());
        }
        out.flush();
        return Totals.of(reports).status();
    }

    /** A directory is a CDK cloud assembly: every template in it is checked. */
    private static List<FileReport> check(TemplateChecker checker, String argument) {
        try {
            if (argument.equals("-")) {
                return List.of(checker.check(argument, InputFiles.read(argument)));
            }
            Path path = Path.of(argument);
            if (!Files.isDirectory(path)) {
                return List.of(checker.check(argument));
            }
            return TemplateChecker.cdkTemplates(path).stream().map(file -> checker.check(file.toString())).toList();
        } catch (TemplateException | InputFiles.InputException e) {
            return List.of(new FileReport.Failed(argument, e.getMessage()));
        }
    }

    /** Errors always reach stderr, like check-policy's; text output also shows a role's error in its block. */
    private void printErrors(PrintWriter err, FileReport report) {
        switch (report) {
            case FileReport.Failed failed -> err.println(failed.file() + ": error: " + failed.error());
            case FileReport.Checked checked -> {
                if (format != Format.text) {
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
            } else {
                node.put("error", message(role.outcome()));
            }
            out.println(EvaluationJson.line(node));
        } else if (role.outcome() instanceof Outcome.Evaluated evaluated) {
            TextReport.print(out, file + "#" + role.resource(), evaluated.evaluation());
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

    /** The jar's Maven version (SARIF's tool version); a development build has none. */
    static String toolVersion() {
        String version = CheckTemplateCommand.class.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        try (InputStream in = CheckTemplateCommand.class.getResourceAsStream(
                "/META-INF/maven/io.github.crossaccountmfa/cross-account-mfa-rule/pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "0.0.0-development");
            }
        } catch (IOException e) {
            // fall through: a version is not worth failing the check for
        }
        return "0.0.0-development";
    }
}
