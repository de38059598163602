package io.github.crossaccountmfa.cli;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a command's input files as UTF-8 text; {@code -} is stdin. Errors are short, for "FILE: error: …". */
final class InputFiles {
    private InputFiles() {
    }

    /** A file that could not be read; the message says why in a few words. */
    static final class InputException extends Exception {
        InputException(String message) {
            super(message);
        }
    }

    static String read(String file) throws InputException {
        try {
            if (file.equals("-")) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException("no such file");
        } catch (MalformedInputException e) {
            throw new InputException("not UTF-8 text");
        } catch (IOException e) {
            throw new InputException("cannot read: " + e.getMessage());
        }
    }
}
