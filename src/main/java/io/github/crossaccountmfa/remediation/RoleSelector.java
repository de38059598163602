package io.github.crossaccountmfa.remediation;

/** Which role to remediate: AWS Config names a role by its id ({@code AROA…}), people usually by its name. */
public sealed interface RoleSelector {

    /** How the role is named in messages, e.g. {@code role id AROA…}. */
    String describe();

    /** A role id, as AWS Config's {@code RESOURCE_ID} gives it. */
    record ById(String roleId) implements RoleSelector {
        public ById {
            if (roleId.isBlank()) {
                throw new IllegalArgumentException("the role id is empty");
            }
        }

        @Override
        public String describe() {
            return "role id " + roleId;
        }
    }

    /** A role name (without path). */
    record ByName(String roleName) implements RoleSelector {
        public ByName {
            if (roleName.isBlank()) {
                throw new IllegalArgumentException("the role name is empty");
            }
        }

        @Override
        public String describe() {
            return "role " + roleName;
        }
    }
}
