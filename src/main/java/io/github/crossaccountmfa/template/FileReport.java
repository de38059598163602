package io.github.crossaccountmfa.template;

import java.util.List;

/** What checking one input file gave. */
public sealed interface FileReport {

    /** The file as the user named it (or as found in a {@code cdk.out} directory). */
    String file();

    /** The file was read; one result per declared role, in file order. */
    record Checked(String file, SourceKind kind, List<RoleCheck> roles) implements FileReport {
        public Checked {
            roles = List.copyOf(roles);
        }
    }

    /** The file could not be checked at all (unreadable, malformed, not a template or plan). */
    record Failed(String file, String error) implements FileReport {
    }
}
