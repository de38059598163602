package io.github.crossaccountmfa.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a file or stdin as UTF-8 text, at most a given number of characters: reading stops past the limit, so that
 * {@code /dev/zero} or a runaway file is an input error, not an exhausted heap. Failures are short messages for
 * "FILE: error: …".
 */
public final class BoundedText {
    private BoundedText() {
    }

    /** Input that could not be read; the message says why in a few words. */
    public static final class UnreadableException extends Exception {
        public UnreadableException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param file          a path, or {@code -} for stdin
     * @param maxCharacters the most this input may have
     * @param limitNote     why that limit, for the message (e.g. IAM's quota)
     */
    public static String read(String file, int maxCharacters, String limitNote) throws UnreadableException {
        try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
            return read(in, maxCharacters, limitNote);
        } catch (InvalidPathException e) {
            throw new UnreadableException("not a valid file name");
        } catch (NoSuchFileException e) {
            throw new UnreadableException("no such file");
        } catch (AccessDeniedException e) {
            throw new UnreadableException("permission denied");
        } catch (CharacterCodingException e) {
            throw new UnreadableException("not UTF-8 text");
        } catch (IOException e) {
            if (!file.equals("-") && Files.isDirectory(Path.of(file))) {
                throw new UnreadableException("is a directory");
            }
            String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                    : e.getClass().getSimpleName();
            throw new UnreadableException("cannot read: " + reason);
        }
    }

    private static String read(InputStream in, int maxCharacters, String limitNote)
            throws IOException, UnreadableException {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
            if (text.length() + n > maxCharacters) {
                throw new UnreadableException("more than " + maxCharacters + " characters, the most this tool reads"
                        + " here: " + limitNote);
            }
            text.append(buffer, 0, n);
        }
        return text.toString();
    }
}
