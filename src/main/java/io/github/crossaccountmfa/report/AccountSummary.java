package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.rule.Compliance;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an organization report keeps of one account once its roles are written: the counts, the roles whose trust
 * policy could not be read, or why the account could not be audited. Small, so that memory does not grow with
 * the roles of the accounts already done.
 *
 * @param unreadable {@code role NAME: not a valid trust policy: …} for each such role
 */
public record AccountSummary(MemberAccount account, Map<Compliance, Long> counts, List<String> unreadable,
                             Optional<String> error) {

    public AccountSummary {
        counts = Map.copyOf(counts);
        unreadable = List.copyOf(unreadable);
    }

    public static AccountSummary of(AccountOutcome outcome) {
        return switch (outcome) {
            case AccountOutcome.Audited audited -> new AccountSummary(audited.account(),
                    new EnumMap<>(audited.result().counts()), audited.result().unreadable().stream()
                    .map(r -> "role " + r.role().name() + ": not a valid trust policy: " + r.policyError().orElseThrow())
                    .toList(), Optional.empty());
            case AccountOutcome.Unreachable unreachable -> new AccountSummary(unreachable.account(), Map.of(),
                    List.of(), Optional.of(unreachable.reason()));
        };
    }

    public long count(Compliance compliance) {
        return counts.getOrDefault(compliance, 0L);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
