package io.github.crossaccountmfa.report;

import java.util.Objects;

/**
 * An account of the organization as {@code organizations:ListAccounts} describes it.
 *
 * @param id     the 12-digit account id
 * @param name   its name ({@code ""} when unknown)
 * @param status {@code ACTIVE}, {@code SUSPENDED}, {@code PENDING_CLOSURE}, or {@code ""} for an id the listing
 *               does not have
 */
public record MemberAccount(String id, String name, String status) {
    public static final String ACTIVE = "ACTIVE";

    public MemberAccount {
        Objects.requireNonNull(id);
        name = name == null ? "" : name;
        status = status == null ? "" : status;
    }

    public boolean active() {
        return ACTIVE.equals(status);
    }

    /** {@code 111111111111 (prod)}, or the id alone when the name is unknown. */
    public String label() {
        return name.isEmpty() ? id : id + " (" + name + ")";
    }
}
