package io.github.crossaccountmfa.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One log event, one line.
 *
 * <ul>
 *   <li>In Lambda ({@code AWS_LAMBDA_RUNTIME_API} is set): a JSON object per line on stdout, which CloudWatch Logs
 *       stores as one event: {@code timestamp}, {@code level}, {@code message}, {@code logger}, the MDC fields
 *       ({@code requestId}, {@code rule}, {@code messageType}, {@code resourceId}, counts, {@code durationMs}) and,
 *       only when a throwable is attached (an unexpected error), {@code errorType}, {@code errorMessage} and
 *       {@code stackTrace}. The rule's own level is {@code LOG_LEVEL} (default INFO); everything else (the SDK)
 *       logs at WARN.</li>
 *   <li>Anywhere else (the command line, tests): warnings and errors only, as
 *       {@code cross-account-mfa-rule: warn: message} on stderr, so that the commands' stdout stays
 *       machine-readable.</li>
 * </ul>
 */
final class LineLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    static final String OWN = "io.github.crossaccountmfa";
    private static final JsonFactory JSON = new JsonFactory();

    /** Where lines go and from which level. */
    record Output(boolean json, Level ownLevel, Level otherLevel, Supplier<PrintStream> stream) {
        static Output fromEnvironment(Map<String, String> env) {
            if (env.get("AWS_LAMBDA_RUNTIME_API") == null) {
                return new Output(false, Level.WARN, Level.WARN, () -> System.err);
            }
            return new Output(true, level(env.get("LOG_LEVEL")), Level.WARN, () -> System.out);
        }

        /** {@code LOG_LEVEL}: TRACE, DEBUG, INFO, WARN or ERROR, any case; INFO otherwise. */
        static Level level(String name) {
            if (name != null) {
                for (Level level : Level.values()) {
                    if (level.name().equalsIgnoreCase(name.strip())) {
                        return level;
                    }
                }
            }
            return Level.INFO;
        }
    }

    private final transient Output output;
    private final int threshold;

    LineLogger(String name, Output output) {
        this.name = name;
        this.output = output;
        this.threshold = (name.startsWith(OWN) ? output.ownLevel() : output.otherLevel()).toInt();
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        String line = output.json() ? json(level, message, throwable)
                : "cross-account-mfa-rule: " + level.name().toLowerCase(Locale.ROOT) + ": " + message;
        PrintStream stream = output.stream().get();
        // One write per line, so that lines from two threads never interleave.
        synchronized (stream) {
            stream.print(line + System.lineSeparator());
            stream.flush();
        }
    }

    String json(Level level, String message, Throwable throwable) {
        StringWriter text = new StringWriter(160 + message.length());
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            out.writeStringField("timestamp", Instant.ofEpochMilli(System.currentTimeMillis()).toString());
            out.writeStringField("level", level.name());
            out.writeStringField("message", message);
            out.writeStringField("logger", name);
            Map<String, String> context = MDC.getCopyOfContextMap();
            if (context != null) {
                for (Map.Entry<String, String> field : new TreeMap<>(context).entrySet()) {
                    out.writeStringField(field.getKey(), field.getValue());
                }
            }
            if (throwable != null) {
                out.writeStringField("errorType", throwable.getClass().getName());
                out.writeStringField("errorMessage", String.valueOf(throwable.getMessage()));
                StringWriter trace = new StringWriter();
                throwable.printStackTrace(new PrintWriter(trace));
                out.writeStringField("stackTrace", trace.toString());
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
