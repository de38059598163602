package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A declared role's trust policy as the template gives it: a document, or why there is none to evaluate. */
sealed interface PolicySource permits PolicySource.Document, Outcome.Unresolved, Outcome.Invalid {

    /**
     * A trust policy with its intrinsics resolved.
     *
     * @param document              the policy as a JSON object, or as JSON text
     * @param gaps                  values the template alone cannot give (placeholder text in {@code document})
     * @param ownAccountPlaceholder {@code AWS::AccountId} stands for {@link Intrinsics#OWN_ACCOUNT_PLACEHOLDER}
     */
    record Document(JsonNode document, List<Intrinsics.Gap> gaps, boolean ownAccountPlaceholder)
            implements PolicySource {
        public Document {
            gaps = List.copyOf(gaps);
        }

        static Document of(Intrinsics.Resolution resolution) {
            return new Document(resolution.value(), resolution.gaps(), resolution.ownAccountPlaceholder());
        }
    }
}
