package io.github.crossaccountmfa.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * SPEC §3 {@code scan --format json}: one object per role, one per line, in listing order, with exactly the keys
 * {@code roleName, roleId, arn, compliance, annotation, findings} in this order.
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
        node.put("roleName", role.role().name());
        node.put("roleId", role.role().id());
        node.put("arn", role.role().arn());
        return EvaluationJson.line(EvaluationJson.putEvaluation(node, role.evaluation()));
    }
}
