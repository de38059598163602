package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.rule.Access;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** {@code third-parties} output: who can get in, one entry per outside account, in text, JSON Lines, CSV or Markdown. */
public final class ThirdPartyReport {
    /** The CSV columns: one row per (outside account, role). */
    public static final List<String> CSV_HEADER = List.of("account", "accountName", "public", "roleAccountId",
            "roleName", "arn", "compliance", "mfa", "externalId", "statements");

    private ThirdPartyReport() {
    }

    public static String json(List<ThirdParty> parties) {
        StringBuilder out = new StringBuilder();
        parties.forEach(p -> out.append(EvaluationJson.line(p.toJson())).append('\n'));
        return out.toString();
    }

    public static String csv(List<ThirdParty> parties) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader(CSV_HEADER.toArray(String[]::new)).get())) {
            for (ThirdParty party : parties) {
                for (ThirdParty.Role role : party.roles()) {
                    printer.printRecord(party.account(), party.accountName().orElse(""), party.publicTrust(),
                            role.accountId(), role.roleName(), role.arn(), role.compliance().name(), role.mfa().text(),
                            role.externalId(), statements(role.statements(), " "));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static String text(List<ThirdParty> parties) {
        if (parties.isEmpty()) {
            return "No outside account can assume any role.\n";
        }
        StringBuilder out = new StringBuilder();
        for (ThirdParty party : parties) {
            out.append(party.label()).append(party.publicTrust() ? "  PUBLIC" : "").append("  without MFA: ")
                    .append(roles(party.withoutMfa())).append(", with MFA only: ").append(roles(party.withMfa()))
                    .append('\n');
            for (ThirdParty.Role role : party.roles()) {
                out.append("  ").append(role.mfa() == Access.Mfa.NOT_REQUIRED ? "without MFA" : "MFA required")
                        .append("  ").append(role.arn()).append("  (").append(statementsLabel(role))
                        .append(role.externalId() ? ", sts:ExternalId required" : "").append(")\n");
            }
        }
        long without = parties.stream().filter(p -> p.withoutMfa() > 0).count();
        out.append(parties.size()).append(parties.size() == 1 ? " outside account" : " outside accounts")
                .append(", ").append(without).append(" of them without MFA\n");
        return out.toString();
    }

    public static String markdown(List<ThirdParty> parties) {
        StringBuilder out = new StringBuilder("# Who can get in\n\n");
        if (parties.isEmpty()) {
            return out.append("No outside account can assume any role.\n").toString();
        }
        out.append("| Outside account | Public | Without MFA | With MFA only | Roles |\n|---|---|---|---|---|\n");
        for (ThirdParty party : parties) {
            out.append("| ").append(cell(party.label())).append(" | ").append(party.publicTrust() ? "**yes**" : "no")
                    .append(" | ").append(party.withoutMfa()).append(" | ").append(party.withMfa()).append(" | ")
                    .append(party.roles().stream().map(r -> "`" + cell(r.arn()) + "`"
                            + (r.mfa() == Access.Mfa.NOT_REQUIRED ? " (no MFA)" : ""))
                            .collect(Collectors.joining("<br>")))
                    .append(" |\n");
        }
        return out.toString();
    }

    static String statements(List<Integer> statements, String separator) {
        return statements.stream().map(String::valueOf).collect(Collectors.joining(separator));
    }

    private static String statementsLabel(ThirdParty.Role role) {
        return (role.statements().size() == 1 ? "statement " : "statements ") + statements(role.statements(), ", ");
    }

    private static String roles(long n) {
        return n + (n == 1 ? " role" : " roles");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
