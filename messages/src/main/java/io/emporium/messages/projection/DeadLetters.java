package io.emporium.messages.projection;

import java.util.List;

/** Parked events, by processing group, sequence and position in the sequence. */
public record DeadLetters(List<DeadLetterView> letters) {

    public DeadLetters {
        letters = List.copyOf(letters);
    }
}
