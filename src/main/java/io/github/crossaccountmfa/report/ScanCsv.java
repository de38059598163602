package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.rule.Access;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** {@code scan --format csv}: one row per role, in listing order, with who can get in. */
public final class ScanCsv {
    public static final List<String> HEADER = List.of("accountId", "roleName", "roleId", "arn", "compliance", "public",
            "withoutMfa", "withMfa", "annotation");

    private ScanCsv() {
    }

    public static String render(ScanResult result) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = printer(out)) {
            rows(printer, result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static CSVPrinter printer(Appendable out) throws IOException {
        return new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get());
    }

    private static void rows(CSVPrinter printer, ScanResult result) throws IOException {
        for (ScannedRole role : result.roles()) {
            List<AccessEntry> access = role.access();
            printer.printRecord(role.accountId().orElse(""), role.role().name(), role.role().id(),
                    role.role().arn(), role.compliance().name(), role.publicTrust(),
                    accounts(access, Access.Mfa.NOT_REQUIRED), accounts(access, Access.Mfa.REQUIRED),
                    role.evaluation().annotation());
        }
    }

    /**
     * The organization report: the header, then each account's rows as soon as it is done; an account that could
     * not be audited is one row with compliance {@code ERROR} and the reason as its annotation.
     */
    public static ScanReport report(java.io.Writer out) throws IOException {
        java.io.PrintWriter writer = new java.io.PrintWriter(out);
        CSVPrinter printer = printer(writer);
        return new ScanReport() {
            @Override
            public void accept(AccountOutcome outcome) throws IOException {
                switch (outcome) {
                    case AccountOutcome.Audited audited -> rows(printer, audited.result());
                    case AccountOutcome.Unreachable unreachable -> printer.printRecord(unreachable.account().id(),
                            "", "", "", "ERROR", "", "", "", unreachable.reason());
                }
                printer.flush();
                JsonLines.flush(writer);
            }

            @Override
            public void finish(OrganizationTotals totals) throws IOException {
                printer.flush();
                JsonLines.flush(writer);
            }
        };
    }

    /** The outside accounts that get in in this MFA state, {@code ; }-separated, each named when known. */
    private static String accounts(List<AccessEntry> access, Access.Mfa mfa) {
        Set<String> labels = new LinkedHashSet<>();
        access.stream().filter(a -> a.mfa() == mfa).forEach(a -> labels.add(a.label()));
        return String.join("; ", labels);
    }
}
