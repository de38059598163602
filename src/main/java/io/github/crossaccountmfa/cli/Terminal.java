package io.github.crossaccountmfa.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the process is attached to, for colour and progress: whether stdout and stderr are terminals, and the
 * {@code NO_COLOR} variable (https://no-color.org). {@link #current()} is the real one; tests put another in place
 * for the commands run on their thread.
 *
 * @param stdout  whether stdout is a terminal
 * @param stderr  whether stderr is a terminal
 * @param noColor {@code NO_COLOR} when set to a non-empty value
 */
record Terminal(boolean stdout, boolean stderr, Optional<String> noColor) {
    private static final ThreadLocal<Terminal> OVERRIDE = new ThreadLocal<>();

    static Terminal current() {
        Terminal override = OVERRIDE.get();
        if (override != null) {
            return override;
        }
        return new Terminal(isTerminal(1), isTerminal(2),
                Optional.ofNullable(System.getenv("NO_COLOR")).filter(v -> !v.isEmpty()));
    }

    /** Runs {@code body} with {@code terminal} as {@link #current()} on this thread (tests). */
    static <T> T with(Terminal terminal, java.util.function.Supplier<T> body) {
        OVERRIDE.set(terminal);
        try {
            return body.get();
        } finally {
            OVERRIDE.remove();
        }
    }

    /**
     * Whether file descriptor {@code fd} is a terminal. On Linux, {@code /proc/self/fd/N} says so exactly; elsewhere
     * the JDK's console (which exists only when the process is attached to a terminal) stands in for it.
     */
    static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // fall through
        }
        return System.console() != null;
    }
}
