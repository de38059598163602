package io.github.crossaccountmfa.policy;

import java.util.List;

/**
 * A statement's {@code Principal} element, or its {@code NotPrincipal} element when {@code negated}.
 * Principals are alternatives: a request is made by one principal at a time.
 */
public record PrincipalElement(boolean negated, List<Principal> principals) {

    public PrincipalElement {
        principals = List.copyOf(principals);
    }

    public String elementName() {
        return negated ? "NotPrincipal" : "Principal";
    }
}
