package io.emporium.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * The database the harness works on, on this machine only. An owned one (the harness starts the platform
 * itself) is dropped and created again at the start of every run, then given the platform's own schema by the
 * platform's Flyway migrations; only a database whose name contains {@code bench} is ever owned. A borrowed one
 * (with {@code --url}, the running platform's own) is only read: it is never recreated, and every connection to
 * it is read-only.
 */
public final class BenchDatabase {

    private static final Pattern URL = Pattern.compile("^jdbc:postgresql://([^/?:]+|\\[[^]]+\\])(:\\d+)?/([a-z_][a-z0-9_]*)(\\?.*)?$");

    private final String url;
    private final String user;
    private final String password;
    private final String name;
    private final String maintenanceUrl;
    private final boolean owned;

    /** An owned database, which the harness drops and creates again. */
    public BenchDatabase(String url, String user, String password) {
        this(url, user, password, true);
    }

    /**
     * @param owned true when the harness creates the database and may drop it; false when it belongs to someone
     *              else (the {@code --url} platform) and is only read
     */
    public BenchDatabase(String url, String user, String password, boolean owned) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new BenchmarkOptions.UsageException("benchmark database URL must look like "
                    + "jdbc:postgresql://127.0.0.1:5432/emporium_bench (lower-case name), was " + url);
        }
        String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        Loopback.require(host, "the benchmark database");
        this.name = m.group(3);
        if (owned && !name.contains("bench")) {
            throw new BenchmarkOptions.UsageException("refusing to drop and recreate database '" + name
                    + "': the benchmark database's name must contain 'bench'");
        }
        String query = m.group(4) == null ? "" : m.group(4);
        this.maintenanceUrl = "jdbc:postgresql://" + m.group(1) + (m.group(2) == null ? "" : m.group(2)) + "/postgres" + query;
        this.url = url;
        this.user = user;
        this.password = password;
        this.owned = owned;
    }

    /** Whether the harness created this database and may drop it; a borrowed one is only read. */
    public boolean owned() {
        return owned;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password == null ? "" : password;
    }

    public String name() {
        return name;
    }

    /**
     * Drops the database (closing its connections) and creates it empty, then applies the platform's schema.
     * Refused for a borrowed database, before any connection is opened.
     */
    public void recreate() throws SQLException {
        if (!owned) {
            throw new IllegalStateException("refusing to drop database '" + name + "': the harness did not create it "
                    + "(with --url it only reads the platform's database)");
        }
        try (Connection connection = DriverManager.getConnection(maintenanceUrl, credentials());
             Statement statement = connection.createStatement()) {
            // The name matched a strict lower-case pattern above; these statements take no parameters.
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
        Flyway.configure()
              .dataSource(url, user, password())
              .locations("classpath:db/migration")
              .load()
              .migrate();
    }

    /** A connection to the database; read-only when the database is borrowed, so that no write can slip through. */
    public Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(url, credentials());
        if (!owned) {
            connection.setReadOnly(true);
        }
        return connection;
    }

    public String serverVersion() throws SQLException {
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version()")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** A single number from a query, for the harness's own checks and notes. */
    public long queryForLong(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect();
             var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    public int update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect();
             var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }
}
