package io.github.crossaccountmfa;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The arrows of the architecture, checked on the compiled classes (ArchUnit reads every type a class names:
 * fields, methods, signatures, lambdas): {@code policy} → {@code rule} → the pure features ({@code template},
 * {@code remediation}, {@code invocation}, {@code report}) → {@code aws} (every SDK adapter) → {@code lambda} /
 * {@code cli}. No pure package and no command names an AWS SDK or Lambda runtime type, nothing depends on
 * {@code lambda} or {@code cli}, and no two packages depend on each other.
 */
class ArchitectureTest {
    private static final String ROOT = "io.github.crossaccountmfa";
    /** The main classes only, read from their directory (scanning the classpath's jars for the package is slow). */
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target", "classes"));
    private static final String[] PURE = packages("input", "policy", "rule", "template", "remediation", "invocation", "report");
    private static final String[] SDK = {"software.amazon.awssdk..", "com.amazonaws.."};
    private static final Set<String> LAYERED = Set.of("logging", "input", "policy", "rule", "template", "remediation",
            "invocation", "report", "aws", "lambda", "cli");
    /** The libraries only the commands use: the function's package leaves them out (pom.xml, sam build). */
    static final String[] CLI_ONLY = {"picocli..", "org.yaml.snakeyaml..", "com.fasterxml.jackson.dataformat.toml..",
        "org.openrewrite..", "org.antlr..", "com.networknt.."};

    private static String[] packages(String... names) {
        String[] packages = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            packages[i] = ROOT + "." + names[i] + "..";
        }
        return packages;
    }

    @Test
    void everyPackageHasItsPlaceInTheLayers() {
        Set<String> found = new TreeSet<>();
        for (JavaClass type : CLASSES) {
            String rest = type.getPackageName().substring(ROOT.length());
            found.add(rest.isEmpty() ? "(root)" : rest.substring(1).split("\\.")[0]);
        }
        assertThat(found).as("a new package must be placed in the layers of this test").isSubsetOf(LAYERED)
                .contains("policy", "report", "aws", "cli");
    }

    @Test
    void noPurePackageAndNoCommandNamesAnAwsSdkOrLambdaRuntimeType() {
        noClasses().that().resideInAnyPackage(PURE).or().resideInAPackage(ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAnyPackage(SDK)
                .because("SDK types stay in the aws adapters (and the Lambda's handlers)")
                .check(CLASSES);
    }

    @Test
    void theRuleSeesTheSdkWhereItIs() {
        assertThatThrownBy(() -> noClasses().that().resideInAnyPackage(packages("aws", "lambda"))
                .should().dependOnClassesThat().resideInAnyPackage(SDK).check(CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(ROOT + ".aws.AwsOrganization")
                .hasMessageContaining(ROOT + ".lambda.CannedAws");
    }

    @Test
    void nothingDependsOnTheLambdaHandlersOrTheCommands() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".lambda..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".lambda..").check(CLASSES);
        noClasses().that().resideOutsideOfPackage(ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".cli..").check(CLASSES);
    }

    @Test
    void thePureLayersPointDownOnly() {
        noClasses().that().resideInAPackage(ROOT + ".input..").should().dependOnClassesThat()
                .resideInAnyPackage(packages("policy", "rule", "template", "remediation", "invocation", "report", "aws"))
                .check(CLASSES);
        noClasses().that().resideInAPackage(ROOT + ".policy..").should().dependOnClassesThat()
                .resideInAnyPackage(packages("rule", "template", "remediation", "invocation", "report", "aws"))
                .check(CLASSES);
        noClasses().that().resideInAPackage(ROOT + ".rule..").should().dependOnClassesThat()
                .resideInAnyPackage(packages("template", "remediation", "invocation", "report", "aws"))
                .check(CLASSES);
        noClasses().that().resideInAnyPackage(PURE).should().dependOnClassesThat()
                .resideInAnyPackage(packages("aws", "lambda", "cli"))
                .check(CLASSES);
    }

    @Test
    void theLogWriterDependsOnNoOtherPackageOfTheProject() {
        noClasses().that().resideInAPackage(ROOT + ".logging..").should().dependOnClassesThat()
                .resideInAnyPackage(packages("input", "policy", "rule", "template", "remediation", "invocation",
                        "report", "aws", "lambda", "cli"))
                .check(CLASSES);
    }

    @Test
    void nothingTheFunctionsReachUsesACliOnlyLibrary() {
        noClasses().that().resideInAPackage(ROOT + ".lambda..")
                .should().transitivelyDependOnClassesThat().resideInAnyPackage(CLI_ONLY)
                .check(CLASSES);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
