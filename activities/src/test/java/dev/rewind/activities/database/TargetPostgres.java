package dev.rewind.activities.database;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster standing in for a service's database: initdb into a temporary
 * directory (as the {@code postgres} user when the tests run as root: PostgreSQL refuses root),
 * started on a free loopback port with its socket in that directory, password logins over TCP, and
 * a database {@code billing} owned by role {@code billing}. Never the api's own database.
 */
public final class TargetPostgres implements AutoCloseable {
  public static final String PASSWORD_ENV = "BILLING_DB_PASSWORD";
  public static final String PASSWORD = "billing-secret";

  public final Path dir;
  public final int port;
  public final String bindir;
  private final Path data;

  public TargetPostgres() throws Exception {
    bindir = PgTool.program(null, "initdb").replaceFirst("/initdb$", "");
    dir = Files.createTempDirectory("rewind-pg-");
    data = dir.resolve("data");
    port = freePort();
    asPostgres("chown", "postgres", dir.toString());
    asRoot("chmod", "700", dir.toString());
    try {
      initAndStart();
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  private void initAndStart() throws Exception {
    asPostgres(
        bindir + "/initdb",
        "-D",
        data.toString(),
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--auth-local=trust",
        "--auth-host=scram-sha-256");
    asPostgres(
        bindir + "/pg_ctl",
        "start",
        "-D",
        data.toString(),
        "-w",
        "-t",
        "60",
        "-l",
        dir.resolve("postgres.log").toString(),
        "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off");
    superuser(
        "CREATE ROLE billing LOGIN PASSWORD '" + PASSWORD + "'",
        "CREATE DATABASE billing OWNER billing");
  }

  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/billing";
  }

  /** A libpq URI with the password, for a test's own pg_dump or psql. */
  public String conninfo() {
    return "postgresql://billing:" + PASSWORD + "@127.0.0.1:" + port + "/billing";
  }

  /**
   * The connection keys of a catalog {@code database} section for this cluster ({@code url}, {@code
   * user}, {@code passwordEnv}), one per line at {@code indent}, for a test's catalog.
   */
  public String catalogConnection(String indent) {
    return indent
        + "url: \""
        + url()
        + "\"\n"
        + indent
        + "user: billing\n"
        + indent
        + "passwordEnv: "
        + PASSWORD_ENV
        + "\n";
  }

  /** The worker's environment: its own, plus the password variable the catalog names. */
  public Map<String, String> workerEnvironment() {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put(PASSWORD_ENV, PASSWORD);
    return env;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/billing", "billing", PASSWORD);
  }

  /** Runs statements as the database owner. */
  public void sql(String... statements) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  /** The single value of a query, as text. */
  public String value(String query) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Runs statements as the superuser, through psql on the socket. */
  public void superuser(String... statements) throws Exception {
    List<String> argv =
        new ArrayList<>(
            List.of(
                bindir + "/psql",
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                dir.toString(),
                "-p",
                String.valueOf(port),
                "-U",
                "postgres",
                "-d",
                "postgres"));
    for (String s : statements) {
      argv.add("-c");
      argv.add(s);
    }
    asPostgres(argv.toArray(String[]::new));
  }

  @Override
  public void close() {
    try {
      asPostgres(bindir + "/pg_ctl", "stop", "-D", data.toString(), "-m", "immediate", "-w");
    } catch (Exception e) {
      // already down
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void asPostgres(String... argv) throws Exception {
    List<String> command = new ArrayList<>();
    if (root() && !argv[0].equals("chown")) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    if (argv[0].equals("chown") && !root()) {
      return;
    }
    command.addAll(List.of(argv));
    run(command);
  }

  private static void asRoot(String... argv) throws Exception {
    run(List.of(argv));
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
