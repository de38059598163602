package io.github.crossaccountmfa.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the command line in-process, as {@link Main#main} runs it (without System.exit). */
record CliRun(int status, String out, String err) {

    /** As {@link #of}, with the commands seeing {@code terminal} as what the process is attached to. */
    static CliRun on(Terminal terminal, String... args) {
        return Terminal.with(terminal, () -> of(args));
    }

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = Main.execute(cli, args);
        return new CliRun(status, out.toString(), err.toString());
    }
}
