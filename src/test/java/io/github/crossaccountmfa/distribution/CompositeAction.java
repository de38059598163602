package io.github.crossaccountmfa.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * action.yml run the way the runner runs a composite action, as far as that is possible offline: each {@code run}
 * step in {@code bash --noprofile --norc -eo pipefail} (GitHub's {@code shell: bash}) with the step's env, in the
 * workspace, with GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP; the steps stop at the first that fails.
 * {@code uses} steps (GitHub's actions) are not run: their {@code with} values are evaluated and recorded.
 * Only the expressions this action needs are understood ({@code inputs.*}, {@code steps.*.outputs.*},
 * {@code github.action_path}, {@code runner.temp}); any other fails the test, which keeps the action testable.
 */
final class CompositeAction {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");

    record Step(String id, String name, String uses, String run, Map<String, String> env, Map<String, String> with,
                String condition) {
    }

    /** What one run step printed and how it ended. */
    record StepRun(String name, int status, String output) {
    }

    /** A run of the action: the steps that ran (in order), the {@code uses} steps reached, the action's outputs. */
    record Run(List<StepRun> steps, Map<String, Map<String, String>> uses, Map<String, String> outputs,
               String summary) {
        boolean succeeded() {
            return steps.stream().allMatch(step -> step.status() == 0);
        }

        StepRun step(String name) {
            return steps.stream().filter(step -> step.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("step '" + name + "' did not run; ran " + steps));
        }

        String log() {
            StringBuilder log = new StringBuilder();
            steps.forEach(step -> log.append("== ").append(step.name()).append(" (exit ").append(step.status())
                    .append(")\n").append(step.output()));
            return log.toString();
        }
    }

    final Path actionPath;
    final Map<String, String> defaults = new LinkedHashMap<>();
    final List<Step> steps = new ArrayList<>();
    final Map<String, String> outputs = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    CompositeAction(Path actionYml) {
        actionPath = actionYml.toAbsolutePath().getParent();
        Map<String, Object> action;
        try {
            action = new Yaml().load(Files.readString(actionYml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ((Map<String, Map<String, Object>>) action.get("inputs")).forEach((name, input) ->
                defaults.put(name, String.valueOf(input.getOrDefault("default", ""))));
        ((Map<String, Map<String, Object>>) action.get("outputs")).forEach((name, output) ->
                outputs.put(name, (String) output.get("value")));
        Map<String, Object> runs = (Map<String, Object>) action.get("runs");
        for (Map<String, Object> step : (List<Map<String, Object>>) runs.get("steps")) {
            steps.add(new Step((String) step.get("id"), (String) step.get("name"), (String) step.get("uses"),
                    (String) step.get("run"), strings(step.get("env")), strings(step.get("with")),
                    (String) step.get("if")));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> strings(Object map) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (map != null) {
            ((Map<String, Object>) map).forEach((key, value) -> strings.put(key, String.valueOf(value)));
        }
        return strings;
    }

    /** Runs every step, with {@code inputs} over the action's defaults. */
    Run run(Path workspace, Path runnerTemp, Map<String, String> inputs) {
        return run(workspace, runnerTemp, inputs, steps, new HashMap<>());
    }

    /** Runs the one step {@code name}, as if the steps before it had set {@code stepOutputs}. */
    Run runStep(String name, Path workspace, Path runnerTemp, Map<String, String> inputs,
                Map<String, Map<String, String>> stepOutputs) {
        List<Step> only = steps.stream().filter(step -> name.equals(step.name())).toList();
        if (only.isEmpty()) {
            throw new AssertionError("action.yml has no step " + name);
        }
        return run(workspace, runnerTemp, inputs, only, new HashMap<>(stepOutputs));
    }

    private Run run(Path workspace, Path runnerTemp, Map<String, String> given, List<Step> selected,
                    Map<String, Map<String, String>> stepOutputs) {
        Map<String, String> inputs = new LinkedHashMap<>(defaults);
        given.forEach((name, value) -> {
            if (!defaults.containsKey(name)) {
                throw new AssertionError("action.yml has no input " + name);
            }
            inputs.put(name, value);
        });
        List<StepRun> ran = new ArrayList<>();
        Map<String, Map<String, String>> reached = new LinkedHashMap<>();
        try {
            Path summary = Files.createTempFile(runnerTemp, "summary", ".md");
            for (Step step : selected) {
                if (step.uses() != null) {
                    Map<String, String> with = new LinkedHashMap<>();
                    step.with().forEach((key, value) -> with.put(key, evaluate(value, inputs, stepOutputs, runnerTemp)));
                    reached.put(step.uses(), with);
                    continue;
                }
                if (step.condition() != null) {
                    throw new AssertionError("run step '" + step.name() + "' has an if:, which this harness "
                            + "cannot evaluate; decide in the script instead");
                }
                StepRun result = runScript(step, workspace, runnerTemp, summary, inputs, stepOutputs);
                ran.add(result);
                if (result.status() != 0) {
                    break;
                }
            }
            Map<String, String> actionOutputs = new LinkedHashMap<>();
            outputs.forEach((name, value) -> actionOutputs.put(name, evaluate(value, inputs, stepOutputs, runnerTemp)));
            return new Run(ran, reached, actionOutputs, Files.readString(summary));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StepRun runScript(Step step, Path workspace, Path runnerTemp, Path summary, Map<String, String> inputs,
                              Map<String, Map<String, String>> stepOutputs) throws IOException {
        Path script = Files.createTempFile(runnerTemp, "step", ".sh");
        Path output = Files.createTempFile(runnerTemp, "output", ".txt");
        Files.writeString(script, step.run());
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("GITHUB_OUTPUT", output.toString());
        environment.put("GITHUB_STEP_SUMMARY", summary.toString());
        environment.put("GITHUB_WORKSPACE", workspace.toString());
        environment.put("GITHUB_ACTION_PATH", actionPath.toString());
        environment.put("RUNNER_TEMP", runnerTemp.toString());
        step.env().forEach((name, value) -> environment.put(name, evaluate(value, inputs, stepOutputs, runnerTemp)));
        Processes.Result result = Processes.run(workspace, environment,
                List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString()));
        if (step.id() != null) {
            stepOutputs.put(step.id(), readOutputs(output));
        }
        return new StepRun(step.name(), result.status(), result.output());
    }

    /** GITHUB_OUTPUT in its one-line form, {@code name=value}; this action writes no other. */
    private static Map<String, String> readOutputs(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int equals = line.indexOf('=');
            if (equals < 1 || line.contains("<<")) {
                throw new AssertionError("GITHUB_OUTPUT line not of the form name=value: " + line);
            }
            values.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return values;
    }

    private String evaluate(String text, Map<String, String> inputs, Map<String, Map<String, String>> stepOutputs,
                            Path runnerTemp) {
        Matcher matcher = EXPRESSION.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(
                    value(matcher.group(1), inputs, stepOutputs, runnerTemp)));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String value(String expression, Map<String, String> inputs,
                         Map<String, Map<String, String>> stepOutputs, Path runnerTemp) {
        Matcher step = Pattern.compile("steps\\.([\\w-]+)\\.outputs\\.([\\w-]+)").matcher(expression);
        if (expression.startsWith("inputs.") && inputs.containsKey(expression.substring("inputs.".length()))) {
            return inputs.get(expression.substring("inputs.".length()));
        } else if (step.matches()) {
            return stepOutputs.getOrDefault(step.group(1), Map.of()).getOrDefault(step.group(2), "");
        } else if (expression.equals("github.action_path")) {
            return actionPath.toString();
        } else if (expression.equals("runner.temp")) {
            return runnerTemp.toString();
        }
        throw new AssertionError("expression not understood by this harness: ${{ " + expression + " }}");
    }
}
