package io.github.crossaccountmfa.cli;

import io.github.crossaccountmfa.input.BoundedText;

/** Reads a command's input files as UTF-8 text; {@code -} is stdin. Errors are short, for "FILE: error: …". */
final class InputFiles {
    /** The limit of inputs that name none of their own. */
    static final int DEFAULT_MAX_CHARACTERS = 64 * 1024 * 1024;

    private InputFiles() {
    }

    /** A file that could not be read; the message says why in a few words. */
    static final class InputException extends Exception {
        InputException(String message) {
            super(message, null, false, false);
        }
    }

    /** At most {@link #DEFAULT_MAX_CHARACTERS}, for inputs with no limit of their own (templates from stdin). */
    static String read(String file) throws InputException {
        return read(file, DEFAULT_MAX_CHARACTERS, "CloudFormation accepts templates of at most 1 MB; pass a larger "
                + "file by name");
    }

    /**
     * At most {@code maxCharacters}: reading stops past it, so {@code /dev/zero} is an input error, not an exhausted
     * heap.
     *
     * @param limitNote why that limit, for the message (e.g. IAM's quota)
     */
    static String read(String file, int maxCharacters, String limitNote) throws InputException {
        try {
            return BoundedText.read(file, maxCharacters, limitNote);
        } catch (BoundedText.UnreadableException e) {
            throw new InputException(e.getMessage());
        }
    }
}
