package io.github.crossaccountmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows of the architecture, read from the compiled classes' constant pools (every type a class names —
 * fields, methods, signatures, lambdas — is there): {@code policy} → {@code rule} → the pure features
 * ({@code template}, {@code remediation}, {@code invocation}, {@code report}) → {@code aws} (every SDK adapter)
 * → {@code lambda} / {@code cli}. No pure package and no command names an AWS SDK or Lambda runtime type, nothing
 * depends on {@code lambda} or {@code cli}, and the pure features do not depend on each other in a cycle.
 */
class ArchitectureTest {
    private static final Path CLASSES = Path.of("target", "classes", "io", "github", "crossaccountmfa");
    private static final Pattern OWN = Pattern.compile("io/github/crossaccountmfa/([a-z]+)/");
    private static final List<String> SDK = List.of("software/amazon/awssdk/", "com/amazonaws/");
    private static final Set<String> PURE = Set.of("policy", "rule", "template", "remediation", "invocation", "report");
    private static final Set<String> ALL = Set.of("policy", "rule", "template", "remediation", "invocation", "report",
            "aws", "lambda", "cli");
    /** package → the packages it uses (itself left out) */
    private static final Map<String, Set<String>> USES = new TreeMap<>();
    /** package → the SDK types' classes that name one */
    private static final Map<String, Set<String>> NAMES_SDK = new TreeMap<>();

    @BeforeAll
    static void readClasses() throws IOException {
        assertThat(CLASSES).as("compiled classes (run after compile)").isDirectory();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String pkg = CLASSES.relativize(file).getName(0).toString();
                for (String text : constantPoolTexts(file)) {
                    Matcher own = OWN.matcher(text);
                    while (own.find()) {
                        if (!own.group(1).equals(pkg)) {
                            USES.computeIfAbsent(pkg, p -> new TreeSet<>()).add(own.group(1));
                        }
                    }
                    if (SDK.stream().anyMatch(text::contains)) {
                        NAMES_SDK.computeIfAbsent(pkg, p -> new TreeSet<>()).add(CLASSES.relativize(file).toString());
                    }
                }
            }
        }
    }

    @Test
    void theReaderSeesTheArrowsThatExist() {
        assertThat(USES.get("cli")).contains("report", "aws", "rule");
        assertThat(USES.get("aws")).contains("report", "invocation");
        assertThat(NAMES_SDK.get("aws")).contains("aws/AwsOrganization.class", "aws/ScanRoleSource.class");
        assertThat(NAMES_SDK.get("lambda")).as("the Lambda handler names the runtime's types").isNotEmpty();
    }

    @Test
    void everyPackageHasItsPlaceInTheLayers() throws IOException {
        try (Stream<Path> packages = Files.list(CLASSES)) {
            assertThat(packages.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .as("a new package must be placed in the layers of this test").isSubsetOf(ALL);
        }
    }

    @Test
    void noPurePackageAndNoCommandNamesAnAwsSdkOrLambdaRuntimeType() {
        for (String pkg : PURE) {
            assertThat(NAMES_SDK.getOrDefault(pkg, Set.of())).as(pkg + " classes naming an SDK type").isEmpty();
        }
        assertThat(NAMES_SDK.getOrDefault("cli", Set.of())).as("cli classes naming an SDK type").isEmpty();
        assertThat(NAMES_SDK).as("the adapters do use the SDK").containsKey("aws");
    }

    @Test
    void nothingDependsOnTheLambdaHandlersOrTheCommands() {
        USES.forEach((pkg, uses) -> {
            if (!pkg.equals("lambda")) {
                assertThat(uses).as(pkg + " uses").doesNotContain("lambda");
            }
            if (!pkg.equals("cli")) {
                assertThat(uses).as(pkg + " uses").doesNotContain("cli");
            }
        });
    }

    @Test
    void thePureLayersPointDownOnly() {
        assertThat(USES.getOrDefault("policy", Set.of())).as("policy uses").isEmpty();
        assertThat(USES.getOrDefault("rule", Set.of())).as("rule uses").isSubsetOf("policy");
        for (String pkg : PURE) {
            assertThat(USES.getOrDefault(pkg, Set.of())).as(pkg + " uses only pure packages").isSubsetOf(PURE)
                    .doesNotContain("aws");
        }
    }

    @Test
    void thePureFeaturesHaveNoCycle() {
        for (String start : PURE) {
            Set<String> reached = new HashSet<>();
            List<String> frontier = new ArrayList<>(USES.getOrDefault(start, Set.of()));
            while (!frontier.isEmpty()) {
                String next = frontier.remove(frontier.size() - 1);
                if (PURE.contains(next) && reached.add(next)) {
                    frontier.addAll(USES.getOrDefault(next, Set.of()));
                }
            }
            assertThat(reached).as("packages reached from " + start).doesNotContain(start);
        }
    }

    /** The class file's CONSTANT_Utf8 entries: class names, descriptors, signatures, names and string literals. */
    static List<String> constantPoolTexts(Path classFile) throws IOException {
        List<String> texts = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + " is not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> texts.add(in.readUTF());
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 15 -> in.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++; // longs and doubles take two entries
                    }
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag);
                }
            }
        }
        return texts;
    }
}
