package io.github.crossaccountmfa.invocation;

import java.util.Optional;

/** {@code configurationItemStatus}: which items describe a live, recorded role. */
public enum ItemStatus {
    OK,
    ResourceDiscovered,
    ResourceNotRecorded,
    ResourceDeleted,
    ResourceDeletedNotRecorded;

    public static Optional<ItemStatus> of(String value) {
        for (ItemStatus status : values()) {
            if (status.name().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** The role was deleted: there is nothing to evaluate. */
    public boolean deleted() {
        return this == ResourceDeleted || this == ResourceDeletedNotRecorded;
    }

    /** The item carries a configuration that can be evaluated. */
    public boolean evaluable() {
        return this == OK || this == ResourceDiscovered;
    }
}
