package io.emporium.platform.persistence;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the PostgreSQL database named in the JDBC URL exists before anything connects to it.
 *
 * <p>It connects to the server's {@code postgres} maintenance database with the same credentials and
 * creates the database when it is missing. When that is not possible (no server, no right to create
 * databases) it fails with a message that says exactly what to run.
 */
public final class DatabaseBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);
    private static final Pattern POSTGRES_URL =
            Pattern.compile("^jdbc:postgresql://([^/?]*)/([A-Za-z_][A-Za-z0-9_]*)(\\?.*)?$");

    private DatabaseBootstrap() {
    }

    /** The parts of a PostgreSQL JDBC URL this class needs. */
    record Target(String hostAndPort, String database, String query) {

        String maintenanceUrl() {
            return "jdbc:postgresql://" + hostAndPort + "/postgres" + (query == null ? "" : query);
        }

        String host() {
            URI uri = URI.create("postgresql://" + (hostAndPort.isEmpty() ? "localhost" : hostAndPort));
            return uri.getHost() == null ? "localhost" : uri.getHost();
        }

        int port() {
            URI uri = URI.create("postgresql://" + (hostAndPort.isEmpty() ? "localhost" : hostAndPort));
            return uri.getPort() < 0 ? 5432 : uri.getPort();
        }
    }

    static Target parse(String jdbcUrl) {
        Matcher m = POSTGRES_URL.matcher(jdbcUrl == null ? "" : jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL with a plain database name: " + jdbcUrl);
        }
        return new Target(m.group(1), m.group(2), m.group(3));
    }

    /** Creates the database of {@code jdbcUrl} if it does not exist yet. */
    public static void ensureDatabaseExists(String jdbcUrl, String username, String password) {
        Target target = parse(jdbcUrl);
        Properties credentials = new Properties();
        if (username != null) {
            credentials.setProperty("user", username);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        try (Connection connection = DriverManager.getConnection(target.maintenanceUrl(), credentials)) {
            if (exists(connection, target.database())) {
                return;
            }
            try (Statement create = connection.createStatement()) {
                // The name was checked against a strict pattern above; CREATE DATABASE takes no parameters.
                create.execute("CREATE DATABASE \"" + target.database() + "\"");
            }
            log.info("Created PostgreSQL database '{}' on {}", target.database(), target.hostAndPort());
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created concurrently by another instance
            }
            throw new IllegalStateException(advice(target, username, e), e);
        }
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    static String advice(Target target, String username, SQLException cause) {
        String user = username == null || username.isBlank() ? "postgres" : username;
        return "Could not make sure PostgreSQL database '" + target.database() + "' exists on "
                + target.host() + ":" + target.port() + " (" + cause.getMessage() + "). "
                + "Check that PostgreSQL is running there, then create the database with: "
                + "createdb -h " + target.host() + " -p " + target.port() + " -U " + user + " " + target.database()
                + "  (or set EMPORIUM_DB_URL, EMPORIUM_DB_USER and EMPORIUM_DB_PASSWORD to reach another one)";
    }
}
