package io.emporium.messages.projection;

/**
 * Operator command: drop every parked event of one sequence of a processing group, without processing it.
 * The read model keeps whatever it had before the failure. An unknown group or sequence is refused as not found.
 */
public record EvictDeadLetters(String group, String sequenceId) {
}
