package io.github.crossaccountmfa.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Text put aside while a report is written, to be copied into it later: in memory for one account, in a
 * temporary file for an organization (so the report's size does not become the heap's).
 */
abstract sealed class Spool implements Closeable {

    abstract Writer writer();

    /** Appends everything written so far to {@code out}. */
    abstract void copyTo(Writer out) throws IOException;

    static Spool inMemory() {
        return new Memory();
    }

    static Spool temporaryFile() {
        try {
            return new TemporaryFile(Files.createTempFile("cross-account-mfa-report", ".part"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for the report", e);
        }
    }

    private static final class Memory extends Spool {
        private final StringWriter text = new StringWriter();

        @Override
        Writer writer() {
            return text;
        }

        @Override
        void copyTo(Writer out) throws IOException {
            out.write(text.toString());
        }

        @Override
        public void close() {
        }
    }

    private static final class TemporaryFile extends Spool {
        private final Path file;
        private final Writer writer;

        TemporaryFile(Path file) throws IOException {
            this.file = file;
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        }

        @Override
        Writer writer() {
            return writer;
        }

        @Override
        void copyTo(Writer out) throws IOException {
            writer.flush();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                reader.transferTo(out);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                writer.close();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
