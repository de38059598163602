package io.github.crossaccountmfa.template;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The files under a directory that may hold infrastructure-as-code, found the way a repository is laid out:
 * symbolic links are followed (a link back to a directory being walked is a loop: reported, not followed), and
 * hidden directories ({@code .git}, {@code .aws-sam}, {@code .terraform}), {@code node_modules} and the asset
 * directories inside CDK cloud assemblies are not entered. A directory that is a CDK cloud assembly
 * ({@code cdk.out}) contributes its synthesized templates only. Which files are candidates is the caller's
 * choice ({@link #CLOUDFORMATION_OR_PLAN}, {@link #CLOUDFORMATION_PLAN_OR_TERRAFORM}); whether a candidate
 * is a template is decided later, by its content.
 */
public final class SourceTree {
    /** Names that CloudFormation, SAM, CDK and Terraform plan files use. */
    public static final Predicate<Path> CLOUDFORMATION_OR_PLAN = file -> {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        // Terraform's own JSON files (variable files, JSON configuration) are read with their module.
        return (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")
                || name.endsWith(".template")) && !name.endsWith(".tfvars.json") && !name.endsWith(".tf.json");
    };
    /** Those, and Terraform source files ({@code *.tf}), each directory of which is a module. */
    public static final Predicate<Path> CLOUDFORMATION_PLAN_OR_TERRAFORM = CLOUDFORMATION_OR_PLAN.or(
            file -> file.getFileName().toString().endsWith(".tf"));
    private static final Set<String> NOT_ENTERED = Set.of("node_modules");

    /**
     * What a walk found.
     *
     * @param files    candidate files, sorted
     * @param notices  directories not followed (symbolic-link loops), with the reason
     * @param failures directories that could not be read: they may hold templates, so each is an error
     */
    public record Walk(List<Path> files, List<Notice> notices, List<Notice> failures) {
        public Walk {
            files = List.copyOf(files);
            notices = List.copyOf(notices);
            failures = List.copyOf(failures);
        }
    }

    private SourceTree() {
    }

    /** Whether {@code directory} is a CDK cloud assembly: named {@code cdk.out}, or holding its marker file. */
    public static boolean isCdkAssembly(Path directory) {
        Path name = directory.getFileName();
        return (name != null && name.toString().equals("cdk.out"))
                || (Files.isRegularFile(directory.resolve("cdk.out"))
                        && Files.isRegularFile(directory.resolve("manifest.json")));
    }

    /** Walks {@code root}; {@code excluded} files (the command's own output file) are left out. */
    public static Walk walk(Path root, Predicate<Path> candidate, Set<Path> excluded) {
        List<Path> files = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        List<Notice> failures = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                            if (!dir.equals(root) && (name.startsWith(".") || NOT_ENTERED.contains(name))) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            if (isCdkAssembly(dir)) {
                                try {
                                    files.addAll(TemplateChecker.cdkTemplates(dir));
                                } catch (TemplateException e) {
                                    notices.add(new Notice(dir.toString(), "skipped: " + e.getMessage()));
                                }
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                            if (attributes.isRegularFile() && candidate.test(file) && !isExcluded(file, excluded)
                                    && !file.getFileName().toString().startsWith(".")) {
                                files.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            if (e instanceof FileSystemLoopException) {
                                notices.add(new Notice(file.toString(), "not followed: a symbolic link loop (it "
                                        + "leads back to a directory that contains it)"));
                            } else if (Files.isSymbolicLink(file) && !Files.exists(file)) {
                                notices.add(new Notice(file.toString(), "skipped: a broken symbolic link"));
                            } else {
                                failures.add(new Notice(file.toString(), "cannot read: " + reason(e)));
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            failures.add(new Notice(root.toString(), "cannot read directory: " + reason(e)));
        }
        files.sort(Comparator.comparing(Path::toString));
        return new Walk(files, notices, failures);
    }

    private static boolean isExcluded(Path file, Set<Path> excluded) {
        Path absolute = file.toAbsolutePath().normalize();
        return excluded.stream().anyMatch(e -> e.toAbsolutePath().normalize().equals(absolute));
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                        .toLowerCase(Locale.ROOT);
    }
}
