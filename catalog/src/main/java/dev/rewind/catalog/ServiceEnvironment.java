package dev.rewind.catalog;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One environment of a service: the hosts it runs on and one section per thing a strategy may
 * touch. A section is null when the catalog does not declare it (the strategies that need it are
 * then unavailable for this environment); {@code rollout} and {@code escalation} always have a
 * value. Commands are argv lists, never shell strings.
 */
public record ServiceEnvironment(
    List<String> hosts,
    Rollout rollout,
    Health health,
    Maintenance maintenance,
    Code code,
    Container container,
    Database database,
    ConfigFiles config,
    Approvals approvals,
    Escalation escalation,
    Notifications notifications,
    CommandTimeouts timeouts,
    CommandEnvironment env,
    FlagProvider flags,
    Sla sla) {

  /**
   * The targets told of {@code event}: those its routes name and, for a breached SLA, the
   * escalation targets too (each once, routes first). An escalation target is not told {@code
   * escalated} by its routes: the declared incident already pages it, once is enough.
   */
  public List<String> told(NotifyEvent event) {
    List<String> routed = notifications.targets(event);
    if (event == NotifyEvent.ESCALATED) {
      return routed.stream().filter(t -> !escalation.targets().contains(t)).toList();
    }
    if (event != NotifyEvent.SLA_BREACHED) {
      return routed;
    }
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(routed);
    all.addAll(escalation.targets());
    return List.copyOf(all);
  }

  /**
   * How long a rollback of each severity may take, counted from the incident's detection ({@code
   * sla: {P0: 15m, P1: 30m, P2: 2h, P3: 8h}}, whole minutes); a severity without one has no clock.
   * Unset keys keep the runbook's figures: P0 15 minutes, P1 30, P2 2 hours, P3 none.
   */
  public record Sla(Map<String, Duration> bySeverity) {
    public static final List<String> SEVERITIES = List.of("P0", "P1", "P2", "P3");
    public static final Sla DEFAULTS =
        new Sla(
            Map.of(
                "P0",
                Duration.ofMinutes(15),
                "P1",
                Duration.ofMinutes(30),
                "P2",
                Duration.ofHours(2)));

    /**
     * The SLA of {@code severity} in minutes; 0 when it has none (P3 by default, or no severity).
     */
    public int minutes(String severity) {
      Duration sla = of(severity);
      return sla == null ? 0 : (int) sla.toMinutes();
    }

    /** The SLA of {@code severity}, or null when it has none. */
    public Duration of(String severity) {
      return severity == null ? null : bySeverity.get(severity);
    }
  }

  /**
   * How long each host command may run before it is killed with its process group ({@code timeouts:
   * {migrateDown: 30m}}, keys as the command's catalog key); {@link #DEFAULT} otherwise.
   */
  public record CommandTimeouts(Map<String, Duration> byCommand) {
    public static final Duration DEFAULT = Duration.ofMinutes(5);
    public static final Set<String> COMMANDS =
        Set.of(
            "maintenanceOn",
            "maintenanceOff",
            "stop",
            "start",
            "reinstall",
            "migrateDown",
            "migrate");
    public static final CommandTimeouts DEFAULTS = new CommandTimeouts(Map.of());

    public Duration of(String command) {
      return byCommand.getOrDefault(command, DEFAULT);
    }
  }

  /**
   * The worker's environment variables each host command is given, besides PATH, HOME and LANG
   * ({@code env: {migrateDown: [BILLING_DB_PASSWORD]}}, keys as in {@code timeouts}). A command the
   * catalog names nothing for sees no other variable of the worker's: not another service's
   * password, nor Temporal's credentials. The values are secrets: redacted from every output.
   */
  public record CommandEnvironment(Map<String, List<String>> byCommand) {
    public static final CommandEnvironment NONE = new CommandEnvironment(Map.of());

    public List<String> of(String command) {
      return byCommand.getOrDefault(command, List.of());
    }

    /** Every variable named for any command. */
    public Set<String> names() {
      Set<String> all = new java.util.TreeSet<>();
      byCommand.values().forEach(all::addAll);
      return all;
    }
  }

  /** How steps spread over several hosts. */
  public record Rollout(int maxParallel, boolean canaryFirst) {
    public static final Rollout ONE_AT_A_TIME = new Rollout(1, false);
  }

  /**
   * An HTTP GET on {@code url} must answer {@code expectStatus} within {@code timeout}. After a
   * rollback the watch polls it every {@code watchEverySeconds}; {@code watchFailures} consecutive
   * failures escalate.
   */
  public record Health(
      URI url, int expectStatus, Duration timeout, int watchEverySeconds, int watchFailures) {
    public static final int WATCH_EVERY_SECONDS = 30;
    public static final int WATCH_FAILURES = 3;
  }

  /**
   * Commands that put the service into maintenance mode and take it out; with {@code expectStatus}
   * (e.g. 503) "on" is verified by the health URL answering it. Null: not verified.
   */
  public record Maintenance(List<String> on, List<String> off, Integer expectStatus) {
    public Maintenance(List<String> on, List<String> off) {
      this(on, off, null);
    }
  }

  /** The service's git checkout and the commands around a code change; null commands are unset. */
  public record Code(
      String gitDir, List<String> stop, List<String> start, List<String> reinstall) {}

  /** The container a {@code container-revert} replaces; {@code image} is a repository, no tag. */
  public record Container(String name, String image, String dockerHost, boolean pull) {}

  /**
   * The service's PostgreSQL database. The password is named by an environment variable, never
   * written here; {@code host} is where pg_dump and pg_restore run. Backups restored by {@code
   * backup-restore} must lie under {@code backupDir}; {@code migrate} (runbook 000 step 6) is run
   * after a chain reverted the code on top of a restored database. {@code jobs} (1 to {@link
   * #MAX_JOBS}, default 1) above 1 dumps ({@code pg_dump -Fd -j}) and restores ({@code pg_restore
   * -j}) in parallel, giving up the single transaction of a restore.
   */
  public record Database(
      String url,
      String user,
      String passwordEnv,
      String host,
      String snapshotDir,
      int keepSnapshots,
      int jobs,
      Duration maxBackupAge,
      List<String> migrateDown,
      List<String> verify,
      String backupDir,
      List<String> migrate) {
    /** The most parallel pg_dump/pg_restore jobs a catalog may ask for. */
    public static final int MAX_JOBS = 16;
  }

  /**
   * Configuration files restored by {@code config-restore} (absolute, normalised paths), the
   * directory holding their backup sets ({@code <backupDir>/<version>/} mirrors the files' paths,
   * with a {@code SHA256SUMS}), and how to validate and reload them; {@code restart} stops and
   * starts the service ({@code code.stop}/{@code code.start}) instead of reloading. A file named
   * {@code .env} or {@code *.env} is an environment file: its values are secrets.
   */
  public record ConfigFiles(
      List<String> files,
      String backupDir,
      List<String> validate,
      List<String> reload,
      boolean restart) {

    public ConfigFiles(
        List<String> files, String backupDir, List<String> validate, List<String> reload) {
      this(files, backupDir, validate, reload, false);
    }

    /** Whether {@code file} holds {@code KEY=value} secrets whose values must never be shown. */
    public static boolean isEnvFile(String file) {
      String name = file.substring(file.lastIndexOf('/') + 1);
      return name.equals(".env") || name.endsWith(".env");
    }
  }

  /**
   * Approval kinds ({@code dba}, {@code manager}) required before the first destructive step, each
   * from a different person, within {@code timeout} (default {@link #DEFAULT_TIMEOUT}); with {@code
   * strategies}, only for a chain holding one of them (strategy ids), otherwise for every chain.
   */
  public record Approvals(List<String> required, Duration timeout, Set<String> strategies) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    public Approvals(List<String> required) {
      this(required, DEFAULT_TIMEOUT, Set.of());
    }

    /** Whether a chain of these strategy ids needs the approvals. */
    public boolean appliesTo(java.util.Collection<String> chain) {
      return strategies.isEmpty() || chain.stream().anyMatch(strategies::contains);
    }
  }

  /**
   * Who is told when a rollback fails twice or its watch fails: names of the catalog's top-level
   * {@code notify} targets (the catalog key is {@code escalation.notify}), never their URLs.
   */
  public record Escalation(List<String> targets) {
    public static final Escalation NOBODY = new Escalation(List.of());
  }

  /**
   * Who is told of what ({@code notify: {routes: [{events: [started, succeeded], targets:
   * [team]}]}}): each route sends its events to its targets, names of the catalog's top-level
   * {@code notify} targets. A target routed twice for an event is told once.
   */
  public record Notifications(List<Route> routes) {
    public static final Notifications NOBODY = new Notifications(List.of());

    /** The targets routed for {@code event}, each once, in the order the catalog names them. */
    public List<String> targets(NotifyEvent event) {
      java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
      routes.stream()
          .filter(r -> r.events().contains(event))
          .forEach(r -> names.addAll(r.targets()));
      return List.copyOf(names);
    }

    /** Every target any route names. */
    public Set<String> allTargets() {
      Set<String> all = new java.util.TreeSet<>();
      routes.forEach(r -> all.addAll(r.targets()));
      return all;
    }
  }

  /** One route: these events go to these targets. */
  public record Route(Set<NotifyEvent> events, List<String> targets) {}
}
