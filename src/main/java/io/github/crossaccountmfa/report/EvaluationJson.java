package io.github.crossaccountmfa.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.Finding;

/** The JSON shapes the commands print, one object per line. */
public final class EvaluationJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private EvaluationJson() {
    }

    /** {@code "compliance", "annotation", "findings"} added to {@code target}. */
    public static ObjectNode putEvaluation(ObjectNode target, Evaluation evaluation) {
        target.put("compliance", evaluation.compliance().name());
        target.put("annotation", evaluation.annotation());
        target.set("findings", findings(evaluation));
        return target;
    }

    public static ArrayNode findings(Evaluation evaluation) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Finding finding : evaluation.findings()) {
            array.add(finding(finding));
        }
        return array;
    }

    public static ObjectNode finding(Finding finding) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("kind", finding.kind().name());
        finding.statement().ifPresent(s -> node.put("statement", s));
        finding.sid().ifPresent(s -> node.put("sid", s));
        if (!finding.principal().isEmpty()) {
            node.put("principal", finding.principal());
        }
        if (!finding.action().isEmpty()) {
            node.put("action", finding.action());
        }
        node.put("message", finding.message());
        return node;
    }

    /** One line of JSON (no pretty printing: the output is JSON Lines). */
    public static String line(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
