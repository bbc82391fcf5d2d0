package io.emporium.architecture.broken.messages;

/** Breaks "the contract uses only Java and Axon": it reaches for Spring. */
public record LeakyEvent(org.springframework.core.io.Resource resource) {
}
