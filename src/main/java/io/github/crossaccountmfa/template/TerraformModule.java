package io.github.crossaccountmfa.template;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Terraform module: the {@code .tf} files of one directory, read together, and what they declare. A file that
 * cannot be parsed is left out (and reported by the caller); the others are still read.
 *
 * @param directory the directory, as found or named
 * @param files     the files read, by display name, sorted
 */
record TerraformModule(Path directory, List<String> files, Map<String, Declaration> variables,
                       Map<String, Declaration> locals, Map<String, Declaration> resources,
                       Map<String, Declaration> data, Map<String, Declaration> modules,
                       Map<String, Declaration> outputs, List<Declaration> providers) {

    /** A block (or, for a local, the attribute inside its {@code locals} block) and the file it is in. */
    record Declaration(Hcl.Block block, Optional<Hcl.Attribute> attribute, String file) {
        static Declaration of(Hcl.Block block, String file) {
            return new Declaration(block, Optional.empty(), file);
        }

        Hcl.Body body() {
            return block.body();
        }
    }

    /** A parsed {@code .tf} file: its display name and its body. */
    record SourceFile(String name, Hcl.Body body) {
    }

    static TerraformModule of(Path directory, List<SourceFile> files) {
        Map<String, Declaration> variables = new LinkedHashMap<>();
        Map<String, Declaration> locals = new LinkedHashMap<>();
        Map<String, Declaration> resources = new LinkedHashMap<>();
        Map<String, Declaration> data = new LinkedHashMap<>();
        Map<String, Declaration> modules = new LinkedHashMap<>();
        Map<String, Declaration> outputs = new LinkedHashMap<>();
        List<Declaration> providers = new ArrayList<>();
        for (SourceFile file : files) {
            for (Hcl.Block block : file.body().blocks()) {
                Declaration declaration = Declaration.of(block, file.name());
                switch (block.type()) {
                    case "variable" -> variables.putIfAbsent(block.label(0), declaration);
                    case "locals" -> block.body().attributes().forEach(a -> locals.putIfAbsent(a.name(),
                            new Declaration(block, Optional.of(a), file.name())));
                    case "resource" -> resources.putIfAbsent(block.label(0) + "." + block.label(1), declaration);
                    case "data" -> data.putIfAbsent(block.label(0) + "." + block.label(1), declaration);
                    case "module" -> modules.putIfAbsent(block.label(0), declaration);
                    case "output" -> outputs.putIfAbsent(block.label(0), declaration);
                    case "provider" -> providers.add(declaration);
                    default -> {
                        // terraform, moved, import, check: nothing a trust policy depends on
                    }
                }
            }
        }
        return new TerraformModule(directory, files.stream().map(SourceFile::name).toList(), variables, locals,
                resources, data, modules, outputs, providers);
    }
}
