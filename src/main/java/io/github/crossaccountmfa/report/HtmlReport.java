package io.github.crossaccountmfa.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.policy.PolicyParseException;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.remediation.PolicyRemediator;
import io.github.crossaccountmfa.remediation.Remediation;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Finding;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code scan --format html}: one self-contained page (inline CSS and JavaScript, no network resource, enforced by
 * a Content-Security-Policy that admits only the page's own script and style by hash). Summary counts, a table
 * that sorts by clicking a header and filters by text and verdict, and for each NON_COMPLIANT role an expandable
 * detail: the findings, the current trust policy with the offending statements highlighted, beside the policy
 * {@link PolicyRemediator} proposes and its changes.
 *
 * <p>The table rows are static HTML (readable without JavaScript); the details, which are large, are embedded once
 * per distinct policy as JSON and rendered only when opened. Every piece of role or policy content is escaped.
 */
public final class HtmlReport {
    static final int PRINCIPALS_SHOWN = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSS = resource("report.css");
    private static final String SCRIPT = resource("report.js");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final PolicyRemediator remediator;

    public HtmlReport(VerdictEngine engine) {
        this.remediator = new PolicyRemediator(engine);
    }

    /** The page of one account's scan. */
    public String render(ScanResult result) {
        StringWriter html = new StringWriter(4096 + result.total() * 200);
        try (Page page = new Page(html, false, result.parameters(), Spool::inMemory)) {
            page.add(result, Optional.empty());
            page.write(new Header(result.accountIds().isEmpty() ? "(no roles)" : String.join(", ", result.accountIds()),
                    result.accountIds().size() > 1 ? "Accounts " : "Account ", result.generatedAt(),
                    result.counts(), List.of(), List.of(), List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return html.toString();
    }

    /**
     * The page of an organization audit, written to {@code out} when {@link ScanReport#finish} is called; until
     * then the rows and details wait in temporary files, so memory does not grow with the accounts.
     */
    public ScanReport organization(Writer out, String organizationId, String parameters) {
        Page page = new Page(out, true, parameters, Spool::temporaryFile);
        return new ScanReport() {
            @Override
            public void accept(AccountOutcome outcome) throws IOException {
                if (outcome instanceof AccountOutcome.Audited audited) {
                    page.add(audited.result(), Optional.of(audited.account()));
                }
            }

            @Override
            public void finish(OrganizationTotals totals) throws IOException {
                Map<Compliance, Long> counts = new EnumMap<>(Compliance.class);
                ScanResult.VERDICTS.forEach(v -> counts.put(v, totals.count(v)));
                page.write(new Header(organizationId, "Organization ", totals.finishedAt(), counts, page.accounts,
                        totals.unreachable(), totals.notActive()));
                out.flush();
            }

            @Override
            public void close() {
                page.close();
            }
        };
    }

    /**
     * What the top of the page shows, known only once every account is done.
     *
     * @param scope       the account id(s) or the organization id
     * @param scopeLabel  {@code Account }, {@code Accounts } or {@code Organization }
     * @param accounts    the audited accounts, for the account column and filter (empty: one account, no column)
     * @param unreachable the accounts that could not be audited, with why
     * @param notActive   the accounts not audited because they are not ACTIVE
     */
    private record Header(String scope, String scopeLabel, Instant generatedAt, Map<Compliance, Long> counts,
                          List<MemberAccount> accounts, List<AccountSummary> unreachable,
                          List<MemberAccount> notActive) {
        long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One page: rows spooled by verdict (so the page lists NON_COMPLIANT first), details spooled as JSON. */
    private final class Page implements AutoCloseable {
        private final Writer out;
        private final boolean byAccount;
        private final String parameters;
        private final Map<Compliance, Spool> rows = new EnumMap<>(Compliance.class);
        private final Spool details;
        private final List<MemberAccount> accounts = new ArrayList<>();
        /** Who can get in, kept per role that admits an outside caller (small: no policies, no findings). */
        private final List<RoleAccess> access = new ArrayList<>();
        private int detailCount;

        /** @param byAccount an organization's page: the account column and filter */
        Page(Writer out, boolean byAccount, String parameters, Supplier<Spool> spools) {
            this.out = out;
            this.byAccount = byAccount;
            this.parameters = parameters;
            try {
                for (Compliance verdict : ScanResult.VERDICTS) {
                    rows.put(verdict, spools.get());
                }
                this.details = spools.get();
            } catch (RuntimeException e) {
                closeQuietly(rows.values());
                throw e;
            }
        }

        /**
         * One account's roles, in reading order; roles sharing a trust policy share one detail.
         *
         * @param account the organization's account they belong to (empty for one account's page)
         */
        void add(ScanResult result, Optional<MemberAccount> account) throws IOException {
            account.ifPresent(accounts::add);
            Map<String, Integer> detailIndex = new HashMap<>();
            for (ScannedRole row : result.inReadingOrder()) {
                int detail = -1;
                RoleAccess roleAccess = RoleAccess.of(row);
                if (!roleAccess.access().isEmpty()) {
                    access.add(roleAccess);
                }
                if (row.compliance() != Compliance.NOT_APPLICABLE) {
                    Integer known = detailIndex.get(detailKey(row));
                    if (known == null) {
                        known = detailCount++;
                        detailIndex.put(detailKey(row), known);
                        details.writer().write((known == 0 ? "" : ",") + Html.scriptJson(json(detail(row))));
                    }
                    detail = known;
                }
                StringBuilder html = new StringBuilder(256);
                row(html, row, detail, account.map(MemberAccount::label));
                rows.get(row.compliance()).writer().write(html.toString());
            }
        }

        void write(Header header) throws IOException {
            StringBuilder html = new StringBuilder(8192);
            head(html, header, parameters);
            html.append("<main>\n");
            summary(html, header);
            WhoCanGetIn.section(html, ThirdParty.group(access));
            html.append("<h2 id=\"roles-heading\">Roles</h2>\n");
            controls(html, header.accounts());
            html.append("<table id=\"roles\">\n<thead><tr>")
                    .append(header("name", "Role"))
                    .append(header("path", "Path"))
                    .append(header("verdict", "Verdict"))
                    .append(header("why", "Offending principals / reason"));
            if (byAccount) {
                html.append(header("account", "Account"));
            }
            html.append("</tr></thead>\n<tbody>\n");
            out.write(html.toString());
            for (Compliance verdict : ScanResult.VERDICTS) {
                rows.get(verdict).copyTo(out);
            }
            html.setLength(0);
            html.append("</tbody>\n</table>\n");
            html.append("<p id=\"empty\" hidden>No role matches the filter.</p>\n");
            html.append("<noscript><p>Sorting, filtering and the trust-policy details need JavaScript.</p></noscript>\n");
            html.append("</main>\n<footer>Generated by cross-account-mfa-rule <code>scan</code>. Verdicts are those the AWS Config rule gives. ")
                    .append("Remediated policies add <code>\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}</code> to the offending statements; ")
                    .append("review them before applying (<code>remediate --apply</code>).</footer>\n");
            html.append("<script type=\"application/json\" id=\"details\">[");
            out.write(html.toString());
            details.copyTo(out);
            out.write("]</script>\n<script>" + SCRIPT + "</script>\n</body>\n</html>\n");
        }

        @Override
        public void close() {
            closeQuietly(rows.values());
            closeQuietly(List.of(details));
        }
    }

    /** Spools are scratch files: failing to delete one costs nothing the report depends on. */
    private static void closeQuietly(Iterable<Spool> spools) {
        for (Spool spool : spools) {
            try {
                spool.close();
            } catch (IOException e) {
                // a temporary file left behind in the temporary directory
            }
        }
    }

    private static void head(StringBuilder html, Header header, String parameters) {
        String generated = TIMESTAMP.format(header.generatedAt().truncatedTo(ChronoUnit.SECONDS));
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src ")
                .append(hash(SCRIPT)).append("; style-src ").append(hash(CSS))
                .append("; img-src data:; base-uri 'none'; form-action 'none'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"cross-account-mfa-rule scan\">\n")
                .append("<title>Cross-account MFA scan \u2014 ").append(Html.escape(header.scope())).append("</title>\n")
                .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n<header>\n")
                .append("<h1>IAM roles other accounts can assume without MFA</h1>\n<p class=\"meta\">")
                .append(header.scopeLabel())
                .append("<strong id=\"accounts\">").append(Html.escape(header.scope())).append("</strong>");
        if (!header.accounts().isEmpty() || !header.unreachable().isEmpty()) {
            html.append(" \u00b7 <span id=\"audited\">").append(header.accounts().size())
                    .append(header.accounts().size() == 1 ? " account" : " accounts").append(" audited</span>");
        }
        html.append(" \u00b7 scanned <time id=\"generated\" datetime=\"")
                .append(header.generatedAt().truncatedTo(ChronoUnit.SECONDS)).append("\">")
                .append(generated).append("</time>")
                .append(" \u00b7 rule parameters <code id=\"parameters\">")
                .append(Html.escape(parameters.isBlank() ? "(defaults)" : parameters.strip()))
                .append("</code></p>\n</header>\n");
    }

    private static void summary(StringBuilder html, Header header) {
        html.append("<section class=\"summary\" aria-label=\"Summary\">\n")
                .append("<div class=\"card total\"><span class=\"n\" id=\"total\">").append(header.total())
                .append("</span><span class=\"l\">roles</span></div>\n");
        for (Compliance verdict : ScanResult.VERDICTS) {
            html.append("<div class=\"card ").append(verdict.name()).append("\"><span class=\"n\" id=\"total-")
                    .append(verdict.name()).append("\">").append(header.counts().getOrDefault(verdict, 0L))
                    .append("</span><span class=\"l\">").append(verdict.name()).append("</span></div>\n");
        }
        if (!header.unreachable().isEmpty()) {
            html.append("<div class=\"card unreachable\"><span class=\"n\" id=\"total-unreachable\">")
                    .append(header.unreachable().size()).append("</span><span class=\"l\">accounts not audited</span></div>\n");
        }
        html.append("</section>\n");
        if (!header.unreachable().isEmpty() || !header.notActive().isEmpty()) {
            html.append("<section class=\"unreachable\" aria-label=\"Accounts not audited\">\n<h2>Accounts not audited</h2>\n<ul id=\"unreachable\">\n");
            for (AccountSummary account : header.unreachable()) {
                html.append("<li data-a=\"").append(Html.escape(account.account().id())).append("\"><strong>")
                        .append(Html.escape(account.account().label())).append("</strong>: ")
                        .append(Html.escape(account.error().orElseThrow())).append("</li>\n");
            }
            for (MemberAccount account : header.notActive()) {
                html.append("<li class=\"inactive\" data-a=\"").append(Html.escape(account.id())).append("\"><strong>")
                        .append(Html.escape(account.label())).append("</strong>: ").append(Html.escape(account.status()))
                        .append(", not audited</li>\n");
            }
            html.append("</ul>\n</section>\n");
        }
    }

    private static void controls(StringBuilder html, List<MemberAccount> accounts) {
        html.append("<section class=\"controls\">\n")
                .append("<input id=\"filter\" type=\"search\" placeholder=\"Filter: role, path, principal, reason\u2026\" ")
                .append("aria-label=\"Filter roles\" autocomplete=\"off\">\n");
        if (!accounts.isEmpty()) {
            html.append("<select id=\"account\" aria-label=\"Account\"><option value=\"\">All accounts</option>");
            accounts.stream().sorted(Comparator.comparing(MemberAccount::id)).forEach(a -> html
                    .append("<option value=\"").append(Html.escape(a.id())).append("\">")
                    .append(Html.escape(a.label())).append("</option>"));
            html.append("</select>\n");
        }
        html.append("<div class=\"verdicts\" role=\"group\" aria-label=\"Verdict\">")
                .append("<button type=\"button\" data-f=\"\" aria-pressed=\"true\">All <span class=\"c\"></span></button>");
        for (Compliance verdict : ScanResult.VERDICTS) {
            html.append("<button type=\"button\" data-f=\"").append(verdict.name()).append("\" aria-pressed=\"false\">")
                    .append(verdict.name()).append(" <span class=\"c\"></span></button>");
        }
        html.append("</div>\n<span id=\"shown\" aria-live=\"polite\"></span>\n</section>\n");
    }

    private static String header(String key, String label) {
        return "<th data-k=\"" + key + "\" aria-sort=\"none\"><button type=\"button\">" + label + "</button></th>";
    }

    private static void row(StringBuilder html, ScannedRole row, int detail, Optional<String> account) {
        String verdict = row.compliance().name();
        html.append("<tr data-v=\"").append(verdict).append('"');
        if (account.isPresent()) {
            html.append(" data-a=\"").append(Html.escape(row.accountId().orElse(""))).append('"');
        }
        if (detail >= 0) {
            html.append(" data-d=\"").append(detail).append('"');
        }
        // Kept small (a few thousand rows): the verdict is styled through data-v, and the script adds the
        // detail toggle to the rows that have a detail.
        html.append("><td>").append(Html.escape(row.role().name()))
                .append("</td><td>").append(Html.escape(row.role().path()))
                .append("</td><td>").append(verdict)
                .append("</td><td>").append(Html.escape(row.summary(PRINCIPALS_SHOWN)));
        if (account.isPresent()) {
            html.append("</td><td>").append(Html.escape(account.get()));
        }
        html.append("</td></tr>\n");
    }

    /** Roles with the same trust policy in the same account share one detail. */
    private static String detailKey(ScannedRole row) {
        return row.accountId().orElse("") + "\u0000" + partition(row) + "\u0000" + row.role().trustPolicyDocument();
    }

    private static String partition(ScannedRole row) {
        return context(row).partition();
    }

    private static RoleContext context(ScannedRole row) {
        try {
            return RoleContext.ofRoleArn(row.role().arn());
        } catch (IllegalArgumentException e) {
            return RoleContext.unknown();
        }
    }

    /**
     * {@code f}: findings as [kind, statement or null, message]; {@code p}: the current policy (JSON, or its text
     * when it is not JSON); {@code o}: offending statement numbers; {@code rs} or {@code r}: the remediated policy
     * (see {@link #putRemediated}), {@code r} null when there is none; {@code c}: the changes; {@code n}: why there
     * is no remediated policy.
     */
    private ObjectNode detail(ScannedRole row) {
        ObjectNode detail = JSON.createObjectNode();
        ArrayNode findings = detail.putArray("f");
        for (Finding finding : row.evaluation().findings()) {
            ArrayNode item = findings.addArray().add(finding.kind().name());
            finding.statement().ifPresentOrElse(item::add, item::addNull);
            item.add(finding.message());
        }
        String document = row.role().trustPolicyDocument();
        JsonNode current = policyValue(document);
        detail.set("p", current);
        ArrayNode offending = detail.putArray("o");
        row.offendingStatements().forEach(offending::add);
        if (row.compliance() != Compliance.NON_COMPLIANT) {
            // shown so that a reviewer sees what COMPLIANT rests on; there is nothing to rewrite
            detail.putNull("r");
            detail.put("n", "No change needed: " + row.evaluation().annotation());
            return detail;
        }
        try {
            Remediation remediation = remediator.remediate(document, context(row));
            if (remediation.document().isPresent()) {
                putRemediated(detail, current, JSON.readTree(remediation.document().get()));
                ArrayNode changes = detail.putArray("c");
                remediation.changes().forEach(changes::add);
            } else {
                detail.putNull("r");
                detail.put("n", "No change needed: " + remediation.before().annotation());
            }
        } catch (PolicyParseException e) {
            detail.putNull("r");
            detail.put("n", "The trust policy could not be parsed, so it cannot be rewritten automatically: "
                    + e.getMessage());
        } catch (IllegalStateException | JsonProcessingException e) {
            detail.putNull("r");
            detail.put("n", "No automatic remediation: " + e.getMessage());
        }
        return detail;
    }

    /**
     * The remediated policy as {@code rs}, its statements with those unchanged from the current policy given by
     * their 0-based index there, when nothing but the statements differs (remediation only touches statements);
     * as {@code r}, whole, otherwise.
     */
    private static void putRemediated(ObjectNode detail, JsonNode current, JsonNode fixed) {
        if (current.isObject() && fixed.isObject() && fixed.path("Statement").isArray()) {
            ObjectNode currentRest = ((ObjectNode) current).deepCopy();
            ObjectNode fixedRest = ((ObjectNode) fixed).deepCopy();
            JsonNode currentStatements = currentRest.remove("Statement");
            fixedRest.remove("Statement");
            if (currentStatements != null && currentRest.equals(fixedRest)) {
                List<JsonNode> before = new java.util.ArrayList<>();
                if (currentStatements.isArray()) {
                    currentStatements.forEach(before::add);
                } else {
                    before.add(currentStatements);
                }
                ArrayNode statements = detail.putArray("rs");
                for (JsonNode statement : fixed.get("Statement")) {
                    int index = before.indexOf(statement);
                    if (index >= 0) {
                        statements.add(index);
                    } else {
                        statements.add(statement);
                    }
                }
                return;
            }
        }
        detail.set("r", fixed);
    }

    /** The policy as a JSON value (decoded when URL-encoded), or as text when it is not JSON. */
    private static JsonNode policyValue(String document) {
        String text = document;
        try {
            text = TrustPolicy.decode(document);
            JsonNode tree = JSON.readTree(text);
            return tree == null ? JSON.getNodeFactory().textNode(text) : tree;
        } catch (JsonProcessingException | RuntimeException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }

    private static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CSP source expression for an inline element's exact content. */
    static String hash(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream("/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /report/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
