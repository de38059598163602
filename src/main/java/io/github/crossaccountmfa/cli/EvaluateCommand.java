package io.github.crossaccountmfa.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.aws.AwsConnectionSettings;
import io.github.crossaccountmfa.aws.AwsRuleBackends;
import io.github.crossaccountmfa.aws.ConfigEvaluationSink;
import io.github.crossaccountmfa.invocation.ConfigurationItemFetcher;
import io.github.crossaccountmfa.invocation.Deadline;
import io.github.crossaccountmfa.invocation.EvaluationHistory;
import io.github.crossaccountmfa.invocation.EvaluationSink;
import io.github.crossaccountmfa.invocation.ResourceEvaluation;
import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.invocation.RuleBackend;
import io.github.crossaccountmfa.invocation.RuleEvent;
import io.github.crossaccountmfa.invocation.RuleException;
import io.github.crossaccountmfa.invocation.RuleRunner;
import io.github.crossaccountmfa.invocation.RunSummary;
import io.github.crossaccountmfa.report.EvaluationJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code evaluate [--dry-run] EVENT.json}: handles an AWS Config rule event exactly as the Lambda function does
 * (same parsing, evaluation and AWS calls). Prints one JSON object per evaluation; {@code --dry-run} prints them
 * instead of calling PutEvaluations.
 */
@Command(name = "evaluate",
        description = {"Handle an AWS Config rule event (the JSON Lambda receives) exactly as the function does.",
                "Prints one JSON object per evaluation: complianceResourceType, complianceResourceId, complianceType,"
                        + " annotation, orderingTimestamp."},
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = Main.ERROR,
        exitCodeOnExecutionException = Main.ERROR,
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {Main.EXIT_OK, Main.EXIT_NON_COMPLIANT, Main.EXIT_ERROR})
public final class EvaluateCommand implements Callable<Integer> {
    /** Lambda's limit on a synchronous invocation payload; AWS Config's events are far smaller. */
    static final int MAX_EVENT_LENGTH = 6 * 1024 * 1024;

    @Option(names = "--dry-run",
            description = "Print the evaluations instead of sending them with PutEvaluations. A change event then "
                    + "needs no AWS credentials; oversized and scheduled events still read from IAM and AWS Config.")
    boolean dryRun;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions console;

    @Parameters(paramLabel = "EVENT.json", description = "The event file ('-' reads stdin), e.g. events/scheduled.json.")
    String file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String text;
        try {
            text = InputFiles.read(file, MAX_EVENT_LENGTH, "Lambda accepts no larger invocation payload (6 MB)");
        } catch (InputFiles.InputException e) {
            err.println("evaluate: " + file + ": " + e.getMessage());
            return Main.ERROR;
        }
        AwsConnectionSettings settings;
        try {
            console.check();
            settings = aws.settings().check();
        } catch (IllegalArgumentException e) {
            err.println("evaluate: error: " + e.getMessage());
            return Main.ERROR;
        }
        AwsRuleBackends backendsOnAws = new AwsRuleBackends(settings::clients, ConfigEvaluationSink.Retry.DEFAULT);
        EvaluationSink printer = (token, batch) -> print(out, batch);
        RuleBackend.Factory backends = (header, guard) -> {
            RuleBackend backend = backendsOnAws.forInvocation(header, guard);
            return new Printing(backend, printer, !dryRun);
        };
        try {
            if (console.verbose) {
                console.detail(err, "evaluate: " + settings.describe());
            }
            RunSummary summary = new RuleRunner(backends).run(RuleEvent.fromJson(text), Deadline.none());
            out.flush();
            console.detail(err, "evaluate: " + summary.messageType() + ": " + summary.total() + " evaluations ("
                    + summary.nonCompliant() + " NON_COMPLIANT, " + summary.compliant() + " COMPLIANT, "
                    + summary.notApplicable() + " NOT_APPLICABLE)" + (dryRun ? ", not sent (--dry-run)"
                    : ", sent with PutEvaluations"));
            return summary.nonCompliant() > 0 ? Main.NON_COMPLIANT : Main.OK;
        } catch (RuleException e) {
            out.flush();
            err.println("evaluate: " + e.getMessage());
            return Main.ERROR;
        }
    }

    static void print(PrintWriter out, List<ResourceEvaluation> batch) {
        for (ResourceEvaluation e : batch) {
            ObjectNode node = EvaluationJson.MAPPER.createObjectNode();
            node.put("complianceResourceType", e.resourceType());
            node.put("complianceResourceId", e.resourceId());
            node.put("complianceType", e.compliance().name());
            node.put("annotation", e.annotation());
            node.put("orderingTimestamp", e.orderingTimestamp().toString());
            out.println(EvaluationJson.line(node));
        }
        out.flush();
    }

    /** The real backend, printing each batch; without {@code deliver} the batch is printed instead of sent. */
    private record Printing(RuleBackend backend, EvaluationSink printer, boolean deliver) implements RuleBackend {
        @Override
        public RoleSource roles() {
            return backend.roles();
        }

        @Override
        public ConfigurationItemFetcher items() {
            return backend.items();
        }

        @Override
        public EvaluationHistory history() {
            return backend.history();
        }

        @Override
        public EvaluationSink sink() {
            if (!deliver) {
                return printer;
            }
            EvaluationSink real = backend.sink();
            return (token, batch) -> {
                real.put(token, batch);
                printer.put(token, batch);
            };
        }
    }
}
