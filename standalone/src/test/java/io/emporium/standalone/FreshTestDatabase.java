package io.emporium.standalone;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives every test run a new, empty test database: dropped and created again before the first test, so
 * that Flyway migrates from scratch and no run sees what an earlier one left. Registered as a JUnit
 * Platform launcher session listener (META-INF/services).
 */
public class FreshTestDatabase implements LauncherSessionListener {

    static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/emporium_test";

    public static String url() {
        String url = System.getenv("EMPORIUM_TEST_DB_URL");
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    public static Properties credentials() {
        Properties properties = new Properties();
        String user = System.getenv("EMPORIUM_DB_USER");
        String password = System.getenv("EMPORIUM_DB_PASSWORD");
        properties.setProperty("user", user == null || user.isBlank() ? "postgres" : user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    /** The URL of a database beside the test database, named after it with {@code suffix} appended. */
    public static String siblingUrl(String suffix) {
        String url = url();
        int query = url.indexOf('?');
        return query < 0 ? url + suffix : url.substring(0, query) + suffix + url.substring(query);
    }

    /** Drops the database of {@code url} if it exists (the platform creates it again on start). */
    public static void drop(String url) throws SQLException {
        onMaintenanceDatabase(url, "DROP DATABASE IF EXISTS " + databaseName(url) + " WITH (FORCE)");
    }

    /** Creates the (missing) database of {@code url}, for a test that fills it before the platform starts on it. */
    public static void create(String url) throws SQLException {
        onMaintenanceDatabase(url, "CREATE DATABASE " + databaseName(url));
    }

    /** The database name of a test database URL; refuses any whose name does not say it is for tests. */
    private static String databaseName(String url) {
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        String database = url.substring(slash + 1, query < 0 ? url.length() : query);
        if (!database.matches("[a-z_][a-z0-9_]*") || !database.contains("test")) {
            throw new IllegalStateException("refusing to reset a database whose name does not say 'test': " + database);
        }
        return database;
    }

    /** Runs one statement on the server's {@code postgres} database, beside the test database of {@code url}. */
    private static void onMaintenanceDatabase(String url, String sql) throws SQLException {
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        String maintenance = url.substring(0, slash + 1) + "postgres" + (query < 0 ? "" : url.substring(query));
        try (Connection connection = DriverManager.getConnection(maintenance, credentials());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String url = url();
        try {
            drop(url);
            onMaintenanceDatabase(url, "CREATE DATABASE " + databaseName(url));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the test database " + databaseName(url)
                    + ": is PostgreSQL running? (" + e.getMessage() + ")", e);
        }
    }
}
