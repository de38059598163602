package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** A declared role's trust policy as the template gives it: a document, or why there is none to evaluate. */
sealed interface PolicySource permits PolicySource.Document, Outcome.Unresolved, Outcome.Invalid {

    /**
     * A trust policy with its intrinsics resolved, once per combination of the {@code Fn::If} conditions (or
     * Terraform conditionals) it depends on; open values stand in it as tokens of {@code open}.
     *
     * @param conditionLabel how a condition is named in the assumptions: {@code "Fn::If "} before a CloudFormation
     *                       condition's name; nothing before a Terraform condition, which is its expression
     */
    record Document(OpenValues open, List<Variant> variants, String conditionLabel) implements PolicySource {
        public Document {
            variants = List.copyOf(variants);
        }

        Document(OpenValues open, List<Variant> variants) {
            this(open, variants, "Fn::If ");
        }

        /** One document without conditions. */
        static Document of(OpenValues open, JsonNode document, boolean ownAccountPlaceholder) {
            return new Document(open, List.of(new Variant(Map.of(), document, ownAccountPlaceholder, List.of())));
        }
    }

    /**
     * The policy for one choice of {@code Fn::If} branches.
     *
     * @param branches              the value of each undecided condition in this variant
     * @param document              the policy as a JSON object or JSON text; a missing node when the branches
     *                              remove it ({@code AWS::NoValue})
     * @param ownAccountPlaceholder {@code AWS::AccountId} stands for {@link Intrinsics#OWN_ACCOUNT_PLACEHOLDER}
     * @param notes                 values that were resolved by an assumption ({@code Fn::GetAtt Role.Arn})
     */
    record Variant(Map<String, Boolean> branches, JsonNode document, boolean ownAccountPlaceholder,
                   List<Assumption> notes) {
        public Variant {
            branches = Map.copyOf(branches);
            notes = List.copyOf(notes);
        }
    }
}
