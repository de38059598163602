package io.github.crossaccountmfa.cli;

import io.github.crossaccountmfa.rule.KnownAccounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import picocli.CommandLine.Option;

/** {@code --known-accounts FILE}: names for outside accounts, merged over the bundled list, as a picocli mixin. */
final class KnownAccountsOption {
    /** Larger than any list of account names; a bigger file is not one. */
    private static final long MAX_BYTES = 8L << 20;

    @Option(names = "--known-accounts", paramLabel = "FILE",
            description = "YAML list of account names in the schema of fwdcloudsec/known_aws_accounts "
                    + "(- name: …, accounts: […], source: […]), merged over the bundled list (its names win).")
    Path file;

    /** @throws IllegalArgumentException naming the file, and the entry at fault */
    KnownAccounts load() {
        if (file == null) {
            return KnownAccounts.bundled();
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--known-accounts " + file + ": no such file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException("--known-accounts " + file + ": larger than 8 MiB");
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return KnownAccounts.bundled().merge(parse(text, "--known-accounts " + file));
        } catch (IOException e) {
            throw new IllegalArgumentException("--known-accounts " + file + ": cannot be read");
        }
    }

    /**
     * Reads a list in the community schema. {@code origin} names the file in error messages.
     *
     * @throws IllegalArgumentException naming the entry and field that is not in the schema
     */
    static KnownAccounts parse(String yaml, String origin) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(origin + ": not valid YAML"
                    + (e instanceof MarkedYAMLException m && m.getProblemMark() != null
                    ? " (line " + (m.getProblemMark().getLine() + 1) + ")" : ""));
        }
        return KnownAccounts.fromTree(root, origin);
    }
}
