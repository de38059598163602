package io.github.crossaccountmfa.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * SPEC §3 {@code scan --format json}: one object per role, one per line, in listing order, with exactly the keys
 * {@code accountId, roleName, roleId, arn, compliance, annotation, findings, access} in this order ({@code access}:
 * the outside callers that can assume the role, {@link AccessEntry}); in organization mode
 * an account that could not be audited is one {@code {"accountId":"…","error":"…"}} line.
 */
public final class JsonLines {
    private JsonLines() {
    }

    public static void print(PrintWriter out, ScanResult result) {
        for (ScannedRole role : result.roles()) {
            out.println(line(role));
        }
    }

    public static String line(ScannedRole role) {
        ObjectNode node = EvaluationJson.MAPPER.createObjectNode();
        node.put("accountId", role.accountId().orElse(null));
        node.put("roleName", role.role().name());
        node.put("roleId", role.role().id());
        node.put("arn", role.role().arn());
        EvaluationJson.putEvaluation(node, role.evaluation());
        com.fasterxml.jackson.databind.node.ArrayNode access = node.putArray("access");
        role.access().forEach(entry -> access.add(entry.toJson()));
        return EvaluationJson.line(node);
    }

    /** The entry of an account that could not be audited. */
    public static String error(String accountId, String reason) {
        ObjectNode node = EvaluationJson.MAPPER.createObjectNode();
        node.put("accountId", accountId);
        node.put("error", reason);
        return EvaluationJson.line(node);
    }

    /** The organization report: each account's lines as soon as the account is done. */
    public static ScanReport report(Writer out) {
        PrintWriter writer = new PrintWriter(out);
        return new ScanReport() {
            @Override
            public void accept(AccountOutcome outcome) throws IOException {
                switch (outcome) {
                    case AccountOutcome.Audited audited -> print(writer, audited.result());
                    case AccountOutcome.Unreachable unreachable ->
                            writer.println(error(unreachable.account().id(), unreachable.reason()));
                }
                flush(writer);
            }

            @Override
            public void finish(OrganizationTotals totals) throws IOException {
                flush(writer);
            }
        };
    }

    /** PrintWriter hides write errors; a report that could not be written must not pass for one that was. */
    static void flush(PrintWriter writer) throws IOException {
        writer.flush();
        if (writer.checkError()) {
            throw new IOException("the report could not be written");
        }
    }
}
