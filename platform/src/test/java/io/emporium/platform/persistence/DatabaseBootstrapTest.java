package io.emporium.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs against the local PostgreSQL server the test suite uses (EMPORIUM_TEST_DB_URL's server). */
class DatabaseBootstrapTest {

    static final String SERVER = serverUrl();
    private final String database = "emporium_test_bootstrap_" + UUID.randomUUID().toString().substring(0, 8);

    private static String serverUrl() {
        String url = System.getenv("EMPORIUM_TEST_DB_URL");
        if (url == null || url.isBlank()) {
            return "jdbc:postgresql://localhost:5432";
        }
        return url.substring(0, url.lastIndexOf('/'));
    }

    static Properties user() {
        Properties properties = new Properties();
        String user = System.getenv("EMPORIUM_DB_USER");
        properties.setProperty("user", user == null || user.isBlank() ? "postgres" : user);
        String password = System.getenv("EMPORIUM_DB_PASSWORD");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    @AfterEach
    void dropTheDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "/postgres", user());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private boolean exists() throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "/postgres", user());
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    @Test
    void createsTheDatabaseOfTheUrlWhenItIsMissing() throws SQLException {
        assertThat(exists()).isFalse();

        DatabaseBootstrap.ensureDatabaseExists(SERVER + "/" + database, user().getProperty("user"),
                user().getProperty("password"));

        assertThat(exists()).isTrue();
    }

    @Test
    void leavesAnExistingDatabaseAlone() throws SQLException {
        String url = SERVER + "/" + database;
        DatabaseBootstrap.ensureDatabaseExists(url, user().getProperty("user"), user().getProperty("password"));
        try (Connection connection = DriverManager.getConnection(url, user());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (id int)");
        }

        DatabaseBootstrap.ensureDatabaseExists(url, user().getProperty("user"), user().getProperty("password"));

        try (Connection connection = DriverManager.getConnection(url, user());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM kept")) {
            assertThat(rows.next()).isTrue();
        }
    }

    @Test
    void whenTheServerCannotBeReachedTheErrorSaysExactlyWhatToRun() {
        assertThatThrownBy(() -> DatabaseBootstrap.ensureDatabaseExists(
                "jdbc:postgresql://127.0.0.1:1/emporium_shop?connectTimeout=2", "shopkeeper", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("createdb -h 127.0.0.1 -p 1 -U shopkeeper emporium_shop")
                .hasMessageContaining("EMPORIUM_DB_URL");
    }

    @Test
    void refusesAUrlThatIsNotAPlainPostgresDatabase() {
        assertThatThrownBy(() -> DatabaseBootstrap.ensureDatabaseExists("jdbc:mysql://localhost/shop", "u", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabaseBootstrap.ensureDatabaseExists(
                "jdbc:postgresql://localhost/shop\";DROP DATABASE x;--", "u", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
