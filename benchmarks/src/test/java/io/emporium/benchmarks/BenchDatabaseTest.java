package io.emporium.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchDatabaseTest {

    @Test
    void acceptsALocalDatabaseWhoseNameSaysBench() {
        BenchDatabase database = new BenchDatabase("jdbc:postgresql://127.0.0.1:5432/emporium_bench", "postgres", null);

        assertThat(database.name()).isEqualTo("emporium_bench");
        assertThat(database.password()).isEmpty();
    }

    @Test
    void refusesToRecreateADatabaseWhoseNameDoesNotSayBench() {
        assertThatThrownBy(() -> new BenchDatabase("jdbc:postgresql://localhost:5432/emporium", "postgres", null))
                .isInstanceOf(BenchmarkOptions.UsageException.class)
                .hasMessageContaining("must contain 'bench'");
    }

    @Test
    void aBorrowedDatabaseMayHaveAnyNameBecauseItIsNeverDropped() {
        BenchDatabase platforms = new BenchDatabase("jdbc:postgresql://localhost:5432/emporium", "postgres", null, false);

        assertThat(platforms.owned()).isFalse();
        assertThat(platforms.name()).isEqualTo("emporium");
    }

    @Test
    void neverDropsABorrowedDatabase() {
        BenchDatabase borrowed = new BenchDatabase("jdbc:postgresql://127.0.0.1:5432/emporium_bench", "postgres", null, false);

        // Refused before any connection is opened, so this needs no database.
        assertThatThrownBy(borrowed::recreate)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not create it");
    }

    @Test
    void aBorrowedDatabaseStillHasToBeOnThisMachine() {
        assertThatThrownBy(() -> new BenchDatabase("jdbc:postgresql://192.168.1.20:5432/emporium", "postgres", null, false))
                .isInstanceOf(BenchmarkOptions.UsageException.class)
                .hasMessageContaining("must point at this machine");
    }

    @Test
    void refusesADatabaseOnAnotherMachine() {
        assertThatThrownBy(() -> new BenchDatabase("jdbc:postgresql://192.168.1.20:5432/emporium_bench", "postgres", null))
                .isInstanceOf(BenchmarkOptions.UsageException.class)
                .hasMessageContaining("must point at this machine");
    }

    @Test
    void refusesAUrlItCannotReadANameFrom() {
        assertThatThrownBy(() -> new BenchDatabase("jdbc:mysql://localhost/emporium_bench", "postgres", null))
                .isInstanceOf(BenchmarkOptions.UsageException.class);
    }
}
