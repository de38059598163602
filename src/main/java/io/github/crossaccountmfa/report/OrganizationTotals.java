package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.rule.Compliance;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The end of an organization audit: one {@link AccountSummary} per account (by account id), and when it finished.
 *
 * @param notActive accounts of the organization that were not audited because they are not ACTIVE (and were
 *                  not named with {@code --accounts})
 */
public record OrganizationTotals(List<AccountSummary> accounts, List<MemberAccount> notActive, Instant finishedAt) {

    public OrganizationTotals {
        accounts = accounts.stream().sorted(Comparator.comparing(s -> s.account().id())).toList();
        notActive = List.copyOf(notActive);
        Objects.requireNonNull(finishedAt);
    }

    public long count(Compliance compliance) {
        return accounts.stream().mapToLong(a -> a.count(compliance)).sum();
    }

    public long roles() {
        return accounts.stream().mapToLong(AccountSummary::total).sum();
    }

    public List<AccountSummary> unreachable() {
        return accounts.stream().filter(a -> a.error().isPresent()).toList();
    }

    /** Something went wrong that the report alone does not show as a verdict: exit status 2. */
    public boolean anyError() {
        return accounts.stream().anyMatch(a -> a.error().isPresent() || !a.unreadable().isEmpty());
    }

    public boolean anyNonCompliant() {
        return count(Compliance.NON_COMPLIANT) > 0;
    }

    /** {@code 6 accounts (2 not audited), 1200 roles: 10 NON_COMPLIANT, 300 COMPLIANT, 890 NOT_APPLICABLE} */
    public String totalsLine() {
        int unreachable = unreachable().size();
        return accounts.size() + (accounts.size() == 1 ? " account" : " accounts")
                + (unreachable > 0 ? " (" + unreachable + " not audited)" : "") + ", " + roles()
                + (roles() == 1 ? " role: " : " roles: ") + count(Compliance.NON_COMPLIANT) + " NON_COMPLIANT, "
                + count(Compliance.COMPLIANT) + " COMPLIANT, " + count(Compliance.NOT_APPLICABLE) + " NOT_APPLICABLE";
    }
}
