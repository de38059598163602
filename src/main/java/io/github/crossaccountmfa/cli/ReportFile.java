package io.github.crossaccountmfa.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * A report that appears under its name complete or not at all: written to a temporary file in the same
 * directory, renamed over the target by {@link #commit}; closed without a commit, it leaves no trace and an
 * existing file as it was.
 */
final class ReportFile implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path target;
    private final Path temporary;
    private final Writer writer;
    private boolean committed;

    private ReportFile(Path target, Path temporary, Writer writer) {
        this.target = target;
        this.temporary = temporary;
        this.writer = writer;
    }

    static ReportFile open(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        // createFile (not createTempFile, which makes it 0600) so the report gets the umask's permissions.
        Path temporary = Files.createFile(absolute.getParent().resolve("." + absolute.getFileName() + "."
                + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp"));
        try {
            return new ReportFile(absolute, temporary, Files.newBufferedWriter(temporary, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Writes {@code content} to {@code target} atomically. */
    static void write(Path target, String content) throws IOException {
        try (ReportFile file = open(target)) {
            file.writer().write(content);
            file.commit();
        }
    }

    Writer writer() {
        return writer;
    }

    void commit() throws IOException {
        writer.close();
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                writer.close();
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
