package io.emporium.platform.persistence;

import java.util.Objects;

/**
 * The name under which this application instance claims processor segments in {@code token_entry} (its
 * {@code owner} column): {@code pid@host/<random>}, distinct for every instance, even two in one JVM.
 */
public record TokenOwner(String name) {

    public TokenOwner {
        Objects.requireNonNull(name, "name");
    }
}
