package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.rule.Compliance;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A complete scan: every role the credentials could list, in {@code ListRoles} order, with its verdict. There is
 * no partial ScanResult: a scan that fails part-way throws {@link ScanException} instead.
 *
 * @param roles       the roles in listing order
 * @param generatedAt when the scan finished
 * @param parameters  the rule parameters as given ({@code ""} for the defaults), for the report's header
 */
public record ScanResult(List<ScannedRole> roles, Instant generatedAt, String parameters) {

    /**
     * Reading order: NON_COMPLIANT first, then COMPLIANT, then NOT_APPLICABLE; within each, public trust first,
     * then by name.
     */
    public static final Comparator<ScannedRole> READING_ORDER = Comparator
            .comparingInt((ScannedRole r) -> severity(r.compliance()))
            .thenComparing(r -> !r.publicTrust())
            .thenComparing(r -> r.role().name(), String.CASE_INSENSITIVE_ORDER)
            .thenComparing(r -> r.role().arn());

    public ScanResult {
        roles = List.copyOf(roles);
        Objects.requireNonNull(generatedAt);
        parameters = parameters == null ? "" : parameters;
    }

    public int total() {
        return roles.size();
    }

    public long count(Compliance compliance) {
        return roles.stream().filter(r -> r.compliance() == compliance).count();
    }

    /** Every verdict with its count, in reading order, zeros included. */
    public Map<Compliance, Long> counts() {
        Map<Compliance, Long> counts = new EnumMap<>(Compliance.class);
        for (Compliance compliance : VERDICTS) {
            counts.put(compliance, count(compliance));
        }
        return counts;
    }

    public boolean anyNonCompliant() {
        return count(Compliance.NON_COMPLIANT) > 0;
    }

    /** The roles whose trust policy could not be parsed. */
    public List<ScannedRole> unreadable() {
        return roles.stream().filter(r -> r.policyError().isPresent()).toList();
    }

    /** The accounts the roles belong to (normally one: the credentials' account). */
    public SortedSet<String> accountIds() {
        SortedSet<String> accounts = new TreeSet<>();
        roles.stream().map(ScannedRole::accountId).flatMap(Optional::stream).forEach(accounts::add);
        return accounts;
    }

    public List<ScannedRole> inReadingOrder() {
        return roles.stream().sorted(READING_ORDER).toList();
    }

    /** {@code 3 roles: 1 NON_COMPLIANT, 1 COMPLIANT, 1 NOT_APPLICABLE} */
    public String totalsLine() {
        return total() + (total() == 1 ? " role: " : " roles: ")
                + count(Compliance.NON_COMPLIANT) + " NON_COMPLIANT, "
                + count(Compliance.COMPLIANT) + " COMPLIANT, "
                + count(Compliance.NOT_APPLICABLE) + " NOT_APPLICABLE";
    }

    /** The verdicts in reading order. */
    public static final List<Compliance> VERDICTS =
            List.of(Compliance.NON_COMPLIANT, Compliance.COMPLIANT, Compliance.NOT_APPLICABLE);

    static int severity(Compliance compliance) {
        return VERDICTS.indexOf(compliance);
    }
}
