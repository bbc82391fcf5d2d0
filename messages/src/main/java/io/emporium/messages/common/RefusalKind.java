package io.emporium.messages.common;

/** Why a command handler refused a command; the HTTP edge maps each kind to one status. */
public enum RefusalKind {
    /** The target aggregate does not exist. */
    NOT_FOUND,
    /** The command contradicts the aggregate's current state (an illegal transition, a duplicate id). */
    CONFLICT,
    /** The command is well-formed but breaks a business rule (more than is available, over the limit). */
    RULE_VIOLATED,
    /** The caller named in the command's metadata may not do this (another customer's order, a staff operation). */
    FORBIDDEN,
    /** The command expected another version of the aggregate than the current one (a stale {@code If-Match}). */
    PRECONDITION_FAILED
}
