package dev.rewind.worker.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster standing in for a service's database (as activities'
 * TargetPostgres, which this module cannot see): initdb into a temporary directory (as the {@code
 * postgres} user when the tests run as root), started on a free loopback port, password logins over
 * TCP, and a database {@code billing} owned by role {@code billing}.
 */
final class TargetPostgres implements AutoCloseable {
  static final String PASSWORD_ENV = "BILLING_DB_PASSWORD";
  static final String PASSWORD = "billing-secret";

  final Path dir;
  final int port;
  final String bindir;
  private final Path data;

  TargetPostgres() throws Exception {
    bindir = newestBindir();
    dir = Files.createTempDirectory("rewind-e2e-pg-");
    data = dir.resolve("data");
    port = Processes.freePort();
    if (root()) {
      run(List.of("chown", "postgres", dir.toString()));
    }
    run(List.of("chmod", "700", dir.toString()));
    try {
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
      asPostgres(
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
          "postgres",
          "-c",
          "CREATE ROLE billing LOGIN PASSWORD '" + PASSWORD + "'",
          "-c",
          "CREATE DATABASE billing OWNER billing");
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/billing";
  }

  /** A libpq URI with the password, for the test's own pg_dump. */
  String conninfo() {
    return "postgresql://billing:" + PASSWORD + "@127.0.0.1:" + port + "/billing";
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), "billing", PASSWORD);
  }

  void sql(String... statements) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
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

  /** Debian's newest {@code /usr/lib/postgresql/<v>/bin}, else the directory of initdb on PATH. */
  private static String newestBindir() {
    File[] versions = new File("/usr/lib/postgresql").listFiles();
    if (versions != null) {
      return Arrays.stream(versions)
          .filter(v -> v.getName().matches("\\d+") && new File(v, "bin/initdb").canExecute())
          .max(Comparator.comparingInt(v -> Integer.parseInt(v.getName())))
          .map(v -> new File(v, "bin").getPath())
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL in /usr/lib/postgresql"));
    }
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (new File(d, "initdb").canExecute()) {
        return d;
      }
    }
    throw new IllegalStateException("no PostgreSQL server programs (initdb) found");
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void asPostgres(String... argv) throws Exception {
    List<String> command = new ArrayList<>();
    if (root()) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.addAll(List.of(argv));
    run(command);
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }
}
