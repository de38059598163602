package io.github.crossaccountmfa.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding of this tool (found through {@code META-INF/services}): the rule's own logging and the AWS
 * SDK's go through {@link LineLogger}. It replaces log4j2, whose start-up (≈ 800 classes: appenders, plugins, the
 * XML configuration) was a third of the function's cold start; what it did here fits in one small class.
 */
public final class LineLogProvider implements SLF4JServiceProvider {
    private ILoggerFactory loggers;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        LineLogger.Output output = LineLogger.Output.fromEnvironment(System.getenv());
        loggers = name -> new LineLogger(name, output);
        markers = new BasicMarkerFactory();
        mdc = new BasicMDCAdapter();
    }
}
