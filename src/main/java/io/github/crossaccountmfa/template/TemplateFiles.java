package io.github.crossaccountmfa.template;

import io.github.crossaccountmfa.input.BoundedText;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Reading template files: bounded in size, and a CDK cloud assembly's templates each found once. */
public final class TemplateFiles {
    /**
     * The largest template or plan read, in characters: generous (CloudFormation itself accepts templates of at
     * most 1 MB), but bounded, so that a runaway file is an input error rather than an exhausted heap.
     */
    public static final int MAX_FILE_LENGTH = 128 * 1024 * 1024;
    /** Why {@link #MAX_FILE_LENGTH}, for the message. */
    public static final String SIZE_NOTE = "CloudFormation accepts templates of at most 1 MB; for a larger Terraform "
            + "plan, check the plans of smaller root modules";
    private static final String CDK_TEMPLATE_SUFFIX = ".template.json";

    private TemplateFiles() {
    }

    /** @throws TemplateException when the file cannot be read as UTF-8 text of at most {@link #MAX_FILE_LENGTH} */
    static String read(String file) {
        try {
            return BoundedText.read(file, MAX_FILE_LENGTH, SIZE_NOTE);
        } catch (BoundedText.UnreadableException e) {
            throw new TemplateException(e.getMessage());
        }
    }

    /**
     * The templates a CDK app synthesized into a cloud assembly directory ({@code cdk.out}): its
     * {@code *.template.json} files and those of nested assemblies ({@code assembly-*}, one per stage), sorted.
     *
     * @throws TemplateException when there is none
     */
    static List<Path> cdkTemplates(Path directory) {
        List<Path> templates = new ArrayList<>();
        collect(directory, templates, new HashSet<>(), new HashSet<>());
        if (templates.isEmpty()) {
            throw new TemplateException("no *" + CDK_TEMPLATE_SUFFIX
                    + " files in this directory (a CDK cdk.out directory was expected)");
        }
        templates.sort(Comparator.comparing(Path::toString));
        return templates;
    }

    /**
     * Each directory and each template is visited once by its real path, so a symbolic link that loops back
     * ({@code assembly-x -> ..}) or a second link to the same template adds nothing.
     */
    private static void collect(Path directory, List<Path> templates, Set<Path> directories, Set<Path> seen) {
        if (!directories.add(realPath(directory))) {
            return;
        }
        // Only assembly-* subdirectories: asset directories can hold whole node_modules trees.
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry) && name.startsWith("assembly-")) {
                    collect(entry, templates, directories, seen);
                } else if (name.endsWith(CDK_TEMPLATE_SUFFIX) && Files.isRegularFile(entry)
                        && seen.add(realPath(entry))) {
                    templates.add(entry);
                }
            }
        } catch (IOException e) {
            throw new TemplateException("cannot read directory " + directory + ": " + reason(e));
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new TemplateException("cannot read " + path + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getClass().getSimpleName();
    }
}
