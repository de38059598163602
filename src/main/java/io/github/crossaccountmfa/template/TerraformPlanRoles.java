package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.crossaccountmfa.rule.RoleContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code aws_iam_role} resources of a Terraform plan in JSON ({@code terraform show -json plan.out}), in the
 * root module and every child module. {@code assume_role_policy} is a JSON string there, {@code jsonencode} and
 * {@code aws_iam_policy_document} results included, or absent when Terraform knows it only after apply.
 */
final class TerraformPlanRoles {
    private static final String ROLE_TYPE = "aws_iam_role";
    private static final String TRUST_POLICY = "assume_role_policy";

    private TerraformPlanRoles() {
    }

    static boolean isPlan(JsonNode root) {
        return root.has("format_version") && (root.has("planned_values") || root.has("resource_changes"));
    }

    /** {@code terraform show -json} without a plan file prints the state, which has {@code values} instead. */
    static boolean isState(JsonNode root) {
        return root.has("format_version") && root.has("values");
    }

    static List<DeclaredRole> declared(LocatedTree tree, RoleContext context) {
        JsonNode plan = tree.root();
        Set<String> unknownAfterApply = unknownAfterApply(plan);
        List<DeclaredRole> roles = new ArrayList<>();
        if (plan.has("planned_values")) {
            JsonPointer root = JsonPointer.empty().appendProperty("planned_values").appendProperty("root_module");
            module(tree, plan.path("planned_values").path("root_module"), root, unknownAfterApply, roles, context);
        } else {
            // A plan without planned_values (older Terraform): the same values are each change's "after".
            JsonNode changes = plan.path("resource_changes");
            for (int i = 0; i < changes.size(); i++) {
                JsonNode change = changes.get(i);
                if (isManagedRole(change) && change.path("change").path("after").isObject()) {
                    JsonPointer at = JsonPointer.empty().appendProperty("resource_changes").appendIndex(i);
                    int line = tree.line(at).orElse(1);
                    roles.add(role(change.path("address").asText(), line, change.path("change").path("after"),
                            unknownAfterApply, context));
                }
            }
        }
        return roles;
    }

    private static void module(LocatedTree tree, JsonNode module, JsonPointer at, Set<String> unknownAfterApply,
                               List<DeclaredRole> roles, RoleContext context) {
        JsonNode resources = module.path("resources");
        for (int i = 0; i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            if (isManagedRole(resource)) {
                int line = tree.line(at.appendProperty("resources").appendIndex(i)).orElse(1);
                roles.add(role(resource.path("address").asText(), line, resource.path("values"), unknownAfterApply,
                        context));
            }
        }
        JsonNode children = module.path("child_modules");
        for (int i = 0; i < children.size(); i++) {
            module(tree, children.get(i), at.appendProperty("child_modules").appendIndex(i), unknownAfterApply, roles,
                    context);
        }
    }

    private static boolean isManagedRole(JsonNode resource) {
        // mode "data" reads an existing role: it is not declared here.
        return ROLE_TYPE.equals(resource.path("type").asText())
                && "managed".equals(resource.path("mode").asText("managed"));
    }

    private static DeclaredRole role(String address, int line, JsonNode values, Set<String> unknownAfterApply,
                                     RoleContext context) {
        JsonNode policy = values.path(TRUST_POLICY);
        PolicySource source;
        if (policy.isTextual() && !policy.textValue().isBlank()) {
            source = PolicySource.Document.of(new OpenValues(),
                    JsonNodeFactory.instance.textNode(OpenValues.literal(policy.textValue())), false);
        } else if (unknownAfterApply.contains(address)) {
            // The whole document is an open value: no verdict is possible until apply.
            OpenValues open = new OpenValues();
            String token = open.token(OpenValue.of(TRUST_POLICY, TRUST_POLICY)
                    .withNote("known only after apply: it depends on a value computed during the apply"));
            source = PolicySource.Document.of(open, JsonNodeFactory.instance.textNode(token), false);
        } else {
            source = new Outcome.Invalid(TRUST_POLICY + " is missing from the plan");
        }
        return new DeclaredRole(address, line, source, tags(values), context);
    }

    private static Set<String> unknownAfterApply(JsonNode plan) {
        Set<String> addresses = new HashSet<>();
        for (JsonNode change : plan.path("resource_changes")) {
            if (change.path("change").path("after_unknown").path(TRUST_POLICY).asBoolean(false)) {
                addresses.add(change.path("address").asText());
            }
        }
        return addresses;
    }

    /** {@code tags_all} includes the provider's {@code default_tags}. */
    private static Map<String, String> tags(JsonNode values) {
        JsonNode tags = values.path("tags_all").isObject() ? values.path("tags_all") : values.path("tags");
        Map<String, String> result = new LinkedHashMap<>();
        tags.properties().forEach(e -> result.put(e.getKey(), e.getValue().asText("")));
        return result;
    }
}
