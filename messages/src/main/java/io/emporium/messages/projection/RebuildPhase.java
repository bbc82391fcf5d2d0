package io.emporium.messages.projection;

/** Where a rebuild is. The last three are final. */
public enum RebuildPhase {
    /** Projecting the stored events, from the first, into the new generation. */
    REBUILDING,
    /** Past the head the rebuild started at, following the events written since, until it is level with the head. */
    CATCHING_UP,
    /** The new generation is the live one; the previous one is dropped. */
    SWITCHED,
    /** Stopped by an operator; the new generation is dropped and the live one was never touched. */
    CANCELLED,
    /** Given up on after an error it could not get past; the live generation was never touched. */
    FAILED;

    public boolean isFinal() {
        return this == SWITCHED || this == CANCELLED || this == FAILED;
    }
}
