package io.github.crossaccountmfa.distribution;

import static io.github.crossaccountmfa.distribution.PreCommitHookTest.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The GitHub workflows and action.yml: pinned third-party actions, and this repository's action used as declared. */
class WorkflowsTest {
    /** {@code uses: owner/repo[/path]@<40 hex> # v<version>}: a commit, with the release it is as a comment. */
    private static final Pattern PINNED = Pattern.compile(
            "uses: [\\w.-]+/[\\w.-]+(/[\\w./-]+)?@[0-9a-f]{40} # v\\d+(\\.\\d+){0,2}");
    private static final Pattern USES = Pattern.compile("^\\s*(- )?uses:\\s*(\\S+).*$", Pattern.MULTILINE);

    private static List<Path> workflows() throws IOException {
        try (Stream<Path> workflows = Files.list(ROOT.resolve(".github/workflows"))) {
            return workflows.filter(file -> file.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @Test
    void everyThirdPartyActionIsPinnedByCommitWithItsVersion() throws IOException {
        List<String> uses = new ArrayList<>();
        List<Path> files = new ArrayList<>(workflows());
        files.add(ROOT.resolve("action.yml"));
        for (Path file : files) {
            Matcher matcher = USES.matcher(Files.readString(file));
            while (matcher.find()) {
                String line = matcher.group().strip().replaceFirst("^- ", "");
                if (!matcher.group(2).startsWith("./")) {
                    uses.add(ROOT.relativize(file) + ": " + line);
                }
            }
        }

        assertThat(uses).hasSizeGreaterThanOrEqualTo(10)
                .allSatisfy(use -> assertThat(use.substring(use.indexOf(": ") + 2)).matches(PINNED));
    }

    /** GitHub reports an unknown input only as a warning at run time: a typo would silently drop a setting. */
    @Test
    @SuppressWarnings("unchecked")
    void workflowsGiveThisRepositorysActionOnlyTheInputsItDeclaresAndEveryRequiredOne() throws IOException {
        Map<String, Map<String, Object>> inputs = (Map<String, Map<String, Object>>) new Yaml()
                .<Map<String, Object>>load(Files.readString(ROOT.resolve("action.yml"))).get("inputs");
        List<String> required = inputs.entrySet().stream()
                .filter(input -> Boolean.TRUE.equals(input.getValue().get("required"))).map(Map.Entry::getKey).toList();
        int uses = 0;
        for (Path file : workflows()) {
            Map<String, Object> workflow = new Yaml().load(Files.readString(file));
            for (Object job : ((Map<String, Object>) workflow.get("jobs")).values()) {
                for (Map<String, Object> step : (List<Map<String, Object>>) ((Map<String, Object>) job).get("steps")) {
                    if ("./".equals(step.get("uses"))) {
                        uses++;
                        Map<String, Object> with = (Map<String, Object>) step.get("with");
                        assertThat(inputs).as("%s: %s", file.getFileName(), step.get("name"))
                                .containsKeys(with.keySet().toArray(String[]::new));
                        assertThat(with).as("%s: %s", file.getFileName(), step.get("name"))
                                .containsKeys(required.toArray(String[]::new));
                    }
                }
            }
        }
        assertThat(uses).as("uses of ./ in ci.yml and release.yml").isGreaterThanOrEqualTo(3);
    }
}
