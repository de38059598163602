package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.rule.Access;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTML report's "Who can get in" section: one row per outside account (public trust first, then those that
 * get in without MFA), its roles linked to the IAM console of the role's partition, and the table as CSV and JSON
 * downloads. The table's data is embedded once as JSON; the page's script makes the downloads from it (Blob URLs,
 * which the page's Content-Security-Policy does not restrict).
 */
final class WhoCanGetIn {
    /** Roles listed per account in the page; the downloads have them all. */
    static final int ROLES_SHOWN = 8;

    private WhoCanGetIn() {
    }

    /**
     * The parties, compactly (the page must stay small for thousands of roles): {@code r} lists each role once as
     * {@code [accountId, roleName, arn, compliance]}; {@code p} lists each party as
     * {@code [account, accountName|null, public, [[role index, 1 if MFA is required, 1 if an ExternalId is, [statements]]…]]}.
     * The page's script expands it to the {@code third-parties} JSON and CSV.
     */
    private static String data(List<ThirdParty> parties) {
        var root = EvaluationJson.MAPPER.createObjectNode();
        var roles = root.putArray("r");
        var list = root.putArray("p");
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (ThirdParty party : parties) {
            var item = list.addArray().add(party.account());
            party.accountName().ifPresentOrElse(item::add, item::addNull);
            item.add(party.publicTrust());
            var grants = item.addArray();
            for (ThirdParty.Role role : party.roles()) {
                Integer at = index.get(role.arn());
                if (at == null) {
                    at = index.size();
                    index.put(role.arn(), at);
                    roles.addArray().add(role.accountId()).add(role.roleName()).add(role.arn())
                            .add(role.compliance().name());
                }
                var grant = grants.addArray().add(at).add(role.mfa() == Access.Mfa.REQUIRED ? 1 : 0)
                        .add(role.externalId() ? 1 : 0);
                var statements = grant.addArray();
                role.statements().forEach(statements::add);
            }
        }
        try {
            return EvaluationJson.MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void section(StringBuilder html, List<ThirdParty> parties) {
        html.append("<section id=\"who\" aria-labelledby=\"who-heading\">\n<h2 id=\"who-heading\">Who can get in</h2>\n");
        if (parties.isEmpty()) {
            html.append("<p id=\"who-none\">No outside account can assume any role.</p>\n</section>\n");
            return;
        }
        long without = parties.stream().filter(p -> p.withoutMfa() > 0).count();
        boolean multiAccount = parties.stream().flatMap(p -> p.roles().stream()).map(ThirdParty.Role::accountId)
                .distinct().count() > 1;
        html.append("<p class=\"who-meta\"><span id=\"who-count\">").append(parties.size())
                .append(parties.size() == 1 ? " outside account" : " outside accounts").append("</span>, ")
                .append("<span id=\"who-without\">").append(without).append(" of them without MFA</span> \u00b7 ")
                .append("<a id=\"who-csv\" download=\"who-can-get-in.csv\" hidden>Download CSV</a> ")
                .append("<a id=\"who-json\" download=\"who-can-get-in.jsonl\" hidden>Download JSON</a></p>\n")
                .append("<script type=\"application/json\" id=\"who-data\">").append(Html.scriptJson(data(parties)))
                .append("</script>\n")
                .append("<p class=\"who-note\">Role links open the IAM console; sign in to the role's account ")
                .append("first.</p>\n<table id=\"third-parties\">\n<thead><tr><th>Outside account</th><th>Public</th>")
                .append("<th>Roles without MFA</th><th>Roles with MFA only</th><th>Roles</th></tr></thead>\n<tbody>\n");
        for (ThirdParty party : parties) {
            html.append("<tr data-account=\"").append(Html.escape(party.account())).append('"')
                    .append(party.publicTrust() ? " class=\"public\"" : party.withoutMfa() > 0 ? " class=\"nomfa\"" : "")
                    .append("><td>").append(Html.escape(party.label())).append("</td><td>")
                    .append(party.publicTrust() ? "<strong>public</strong>" : "no").append("</td><td>")
                    .append(party.withoutMfa()).append("</td><td>").append(party.withMfa()).append("</td><td><ul>");
            List<ThirdParty.Role> shown = party.roles().subList(0, Math.min(ROLES_SHOWN, party.roles().size()));
            for (ThirdParty.Role role : shown) {
                html.append("<li><a href=\"").append(Html.escape(consoleUrl(role.arn(), role.roleName())))
                        .append("\" target=\"_blank\" rel=\"noopener\">").append(Html.escape(role.roleName()))
                        .append("</a>").append(role.mfa() == Access.Mfa.NOT_REQUIRED ? " <i class=\"nomfa\">no MFA</i>"
                                : " <i class=\"mfa\">MFA</i>")
                        .append(role.externalId() ? " <i class=\"xid\">ExternalId</i>" : "");
                if (multiAccount) {
                    html.append(" <span class=\"acct\">").append(Html.escape(role.accountId())).append("</span>");
                }
                html.append("</li>");
            }
            if (party.roles().size() > shown.size()) {
                html.append("<li class=\"more\">+").append(party.roles().size() - shown.size())
                        .append(" more (in the downloads)</li>");
            }
            html.append("</ul></td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    /** The role's page in the IAM console of its partition (commercial, GovCloud, China). */
    static String consoleUrl(String arn, String roleName) {
        String[] parts = arn.split(":", 3);
        String partition = parts.length >= 2 ? parts[1] : "aws";
        String host = switch (partition) {
            case "aws-us-gov" -> "https://console.amazonaws-us-gov.com";
            case "aws-cn" -> "https://console.amazonaws.cn";
            default -> "https://console.aws.amazon.com";
        };
        return host + "/iam/home#/roles/details/" + URLEncoder.encode(roleName, StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

}
