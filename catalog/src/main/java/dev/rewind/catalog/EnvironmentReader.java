package dev.rewind.catalog;

import dev.rewind.catalog.ServiceEnvironment.Approvals;
import dev.rewind.catalog.ServiceEnvironment.Code;
import dev.rewind.catalog.ServiceEnvironment.CommandEnvironment;
import dev.rewind.catalog.ServiceEnvironment.CommandTimeouts;
import dev.rewind.catalog.ServiceEnvironment.Database;
import dev.rewind.catalog.ServiceEnvironment.Escalation;
import dev.rewind.catalog.ServiceEnvironment.Maintenance;
import dev.rewind.catalog.ServiceEnvironment.Notifications;
import dev.rewind.catalog.ServiceEnvironment.Rollout;
import dev.rewind.catalog.ServiceEnvironment.Route;
import dev.rewind.catalog.ServiceEnvironment.Sla;
import dev.rewind.catalog.yaml.YamlNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads one {@code services.<service>.<environment>} entry of the catalog. */
final class EnvironmentReader {
  private static final Set<String> KEYS =
      Set.of(
          "hosts",
          "rollout",
          "health",
          "maintenance",
          "code",
          "container",
          "database",
          "config",
          "approvals",
          "escalation",
          "notify",
          "timeouts",
          "env",
          "flags",
          "sla");
  private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> ALWAYS_GIVEN = Set.of("PATH", "HOME", "LANG");
  private static final Pattern STRATEGY_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final Set<String> APPROVAL_KINDS = Set.of("dba", "manager");

  private final Set<String> declaredHosts;
  private final Set<String> declaredTargets;

  EnvironmentReader(Set<String> declaredHosts, Set<String> declaredTargets) {
    this.declaredHosts = declaredHosts;
    this.declaredTargets = declaredTargets;
  }

  ServiceEnvironment read(YamlNode env) {
    env.object(KEYS);
    return new ServiceEnvironment(
        hosts(env.required("hosts")),
        env.optional("rollout").map(EnvironmentReader::rollout).orElse(Rollout.ONE_AT_A_TIME),
        env.optional("health").map(HttpSections::health).orElse(null),
        env.optional("maintenance").map(EnvironmentReader::maintenance).orElse(null),
        env.optional("code").map(EnvironmentReader::code).orElse(null),
        env.optional("container").map(ContainerReader::container).orElse(null),
        env.optional("database").map(this::database).orElse(null),
        env.optional("config").map(ConfigReader::config).orElse(null),
        env.optional("approvals").map(EnvironmentReader::approvals).orElse(null),
        env.optional("escalation").map(this::escalation).orElse(Escalation.NOBODY),
        env.optional("notify").map(this::notifications).orElse(Notifications.NOBODY),
        env.optional("timeouts").map(EnvironmentReader::timeouts).orElse(CommandTimeouts.DEFAULTS),
        env.optional("env")
            .map(EnvironmentReader::commandEnvironment)
            .orElse(CommandEnvironment.NONE),
        env.optional("flags").map(flags -> flags(env, flags)).orElse(null),
        env.optional("sla").map(EnvironmentReader::sla).orElse(Sla.DEFAULTS));
  }

  /**
   * {@code sla: {P0: 15m, P3: 8h}}: whole minutes, at most 7 days; unset severities keep the
   * defaults.
   */
  private static Sla sla(YamlNode node) {
    node.object(Set.copyOf(Sla.SEVERITIES));
    Map<String, Duration> bySeverity = new java.util.HashMap<>(Sla.DEFAULTS.bySeverity());
    node.entries()
        .forEach(
            (severity, value) -> {
              Duration sla = value.duration();
              if (sla.toSeconds() % 60 != 0 || sla.compareTo(Duration.ofDays(7)) > 0) {
                throw value.problem(
                    "must be whole minutes, at most 7d (like 15m, 2h), not " + value.text());
              }
              bySeverity.put(severity, sla);
            });
    return new Sla(Map.copyOf(bySeverity));
  }

  /** {@code flags}; the sql provider uses the environment's database login. */
  private static FlagProvider flags(YamlNode env, YamlNode node) {
    FlagProvider flags = FlagsReader.flags(node);
    if (flags instanceof FlagProvider.Sql && env.optional("database").isEmpty()) {
      throw node.problem("provider sql needs a database section (its login reaches the table)");
    }
    return flags;
  }

  /** The name of an environment variable of the worker that holds a secret. */
  static String envVar(YamlNode node) {
    if (!ENV_VAR.matcher(node.text()).matches()) {
      throw node.problem("must name an environment variable, e.g. BILLING_DB_PASSWORD");
    }
    return node.text();
  }

  private List<String> hosts(YamlNode node) {
    List<YamlNode> items = node.items();
    if (items.isEmpty()) {
      throw node.problem("must name at least one host");
    }
    Set<String> seen = new HashSet<>();
    for (YamlNode item : items) {
      declaredHost(item);
      if (!seen.add(item.text())) {
        throw item.problem("host \"" + item.text() + "\" is listed twice");
      }
    }
    return node.strings();
  }

  private String declaredHost(YamlNode item) {
    String host = item.text();
    if (!declaredHosts.contains(host)) {
      throw item.problem("host \"" + host + "\" is not declared under hosts");
    }
    return host;
  }

  private static CommandTimeouts timeouts(YamlNode node) {
    node.object(CommandTimeouts.COMMANDS);
    Map<String, Duration> byCommand = new java.util.LinkedHashMap<>();
    node.entries()
        .forEach(
            (command, value) -> {
              Duration timeout = value.duration();
              if (timeout.isZero() || timeout.compareTo(Duration.ofHours(24)) > 0) {
                throw value.problem("must be more than 0 and at most 24h");
              }
              byCommand.put(command, timeout);
            });
    return new CommandTimeouts(Map.copyOf(byCommand));
  }

  /**
   * {@code env: {<command>: [NAME, ...]}}: the worker's variables a host command is given. Names
   * only (a value here would be a secret in the catalog); PATH, HOME and LANG are always given.
   */
  private static CommandEnvironment commandEnvironment(YamlNode node) {
    node.object(CommandTimeouts.COMMANDS);
    Map<String, List<String>> byCommand = new java.util.LinkedHashMap<>();
    node.entries()
        .forEach(
            (command, names) -> {
              Set<String> seen = new HashSet<>();
              for (YamlNode name : names.items()) {
                if (!ENV_VAR.matcher(name.text()).matches()) {
                  throw name.problem(
                      "must name an environment variable of the worker, e.g."
                          + " BILLING_DB_PASSWORD");
                }
                if (ALWAYS_GIVEN.contains(name.text())) {
                  throw name.problem(name.text() + " is always given: leave it out");
                }
                if (!seen.add(name.text())) {
                  throw name.problem("\"" + name.text() + "\" is listed twice");
                }
              }
              byCommand.put(command, names.strings());
            });
    return new CommandEnvironment(Map.copyOf(byCommand));
  }

  /** {@code escalation.notify}: names of the catalog's {@code notify} targets, each once. */
  private Escalation escalation(YamlNode node) {
    node.object(Set.of("notify"));
    return new Escalation(targetNames(node.required("notify")));
  }

  /** {@code notify.routes}: each route's events (known, each once) and targets (declared). */
  private Notifications notifications(YamlNode node) {
    node.object(Set.of("routes"));
    List<Route> routes = new java.util.ArrayList<>();
    for (YamlNode route : node.required("routes").items()) {
      route.object(Set.of("events", "targets"));
      Set<NotifyEvent> events = java.util.EnumSet.noneOf(NotifyEvent.class);
      for (YamlNode item : route.required("events").items()) {
        NotifyEvent event =
            NotifyEvent.of(item.text())
                .orElseThrow(
                    () ->
                        item.problem(
                            "unknown event \""
                                + item.text()
                                + "\" (known: "
                                + NotifyEvent.known()
                                + ")"));
        if (!events.add(event)) {
          throw item.problem("event \"" + item.text() + "\" is listed twice");
        }
      }
      if (events.isEmpty()) {
        throw route.problem("must name at least one event");
      }
      routes.add(new Route(Set.copyOf(events), targetNames(route.required("targets"))));
    }
    return new Notifications(List.copyOf(routes));
  }

  /** Names of the catalog's {@code notify} targets, each once, never a URL. */
  private List<String> targetNames(YamlNode names) {
    Set<String> seen = new HashSet<>();
    for (YamlNode item : names.items()) {
      String name = item.text();
      if (name.contains("://")) {
        // Not echoed: a webhook URL is a credential, and this message goes to the log.
        throw item.problem(
            "is a URL: name a target declared under notify instead, e.g. notify: {oncall: {kind:"
                + " slack, url: ...}}");
      }
      if (!declaredTargets.contains(name)) {
        throw item.problem("notify target \"" + name + "\" is not declared under notify");
      }
      if (!seen.add(name)) {
        throw item.problem("notify target \"" + name + "\" is listed twice");
      }
    }
    return names.strings();
  }

  private static Rollout rollout(YamlNode node) {
    node.object(Set.of("maxParallel", "canaryFirst"));
    return new Rollout(
        node.optional("maxParallel").map(n -> n.integer(1, 1000)).orElse(1),
        node.optional("canaryFirst").map(YamlNode::bool).orElse(false));
  }

  private static Maintenance maintenance(YamlNode node) {
    node.object(Set.of("on", "off", "expectStatus"));
    return new Maintenance(
        Commands.argv(node.required("on")),
        Commands.argv(node.required("off")),
        node.optional("expectStatus").map(n -> n.integer(100, 599)).orElse(null));
  }

  private static Code code(YamlNode node) {
    node.object(Set.of("gitDir", "stop", "start", "reinstall"));
    return new Code(
        Commands.absolutePath(node.required("gitDir")),
        node.optional("stop").map(Commands::argv).orElse(null),
        node.optional("start").map(Commands::argv).orElse(null),
        node.optional("reinstall").map(Commands::argv).orElse(null));
  }

  private Database database(YamlNode node) {
    node.object(
        Set.of(
            "url",
            "user",
            "passwordEnv",
            "host",
            "snapshotDir",
            "keepSnapshots",
            "jobs",
            "maxBackupAge",
            "migrateDown",
            "verify",
            "backupDir",
            "migrate"));
    YamlNode url = node.required("url");
    if (!url.text().startsWith("jdbc:postgresql://")) {
      throw url.problem("must be a jdbc:postgresql:// URL");
    }
    String passwordEnv = envVar(node.required("passwordEnv"));
    return new Database(
        url.text(),
        node.required("user").text(),
        passwordEnv,
        node.optional("host").map(this::declaredHost).orElse(null),
        Commands.absolutePath(node.required("snapshotDir")),
        node.optional("keepSnapshots").map(n -> n.integer(1, 10_000)).orElse(10),
        node.optional("jobs").map(n -> n.integer(1, Database.MAX_JOBS)).orElse(1),
        node.optional("maxBackupAge").map(YamlNode::duration).orElse(Duration.ofHours(24)),
        node.optional("migrateDown").map(Commands::argv).orElse(null),
        node.optional("verify").map(YamlNode::strings).orElse(List.of()),
        node.optional("backupDir").map(Commands::absolutePath).orElse(null),
        node.optional("migrate").map(Commands::argv).orElse(null));
  }

  /**
   * {@code approvals: {required: [dba, manager], timeout: 30m, strategies: [backup-restore]}}: the
   * kinds, how long to wait (1m to 24h), and the strategies (ids) whose chains need them.
   */
  private static Approvals approvals(YamlNode node) {
    node.object(Set.of("required", "timeout", "strategies"));
    Set<String> seen = new HashSet<>();
    for (YamlNode kind : node.required("required").items()) {
      if (!APPROVAL_KINDS.contains(kind.text())) {
        throw kind.problem("unknown approval kind \"" + kind.text() + "\" (known: dba, manager)");
      }
      if (!seen.add(kind.text())) {
        throw kind.problem("\"" + kind.text() + "\" is listed twice");
      }
    }
    Duration timeout =
        node.optional("timeout").map(YamlNode::duration).orElse(Approvals.DEFAULT_TIMEOUT);
    if (timeout.compareTo(Duration.ofMinutes(1)) < 0
        || timeout.compareTo(Duration.ofHours(24)) > 0) {
      throw node.required("timeout").problem("must be at least 1m and at most 24h");
    }
    Set<String> strategies = new java.util.LinkedHashSet<>();
    for (YamlNode id : node.optional("strategies").map(YamlNode::items).orElse(List.of())) {
      if (!STRATEGY_ID.matcher(id.text()).matches()) {
        throw id.problem("must be a strategy id such as backup-restore");
      }
      if (!strategies.add(id.text())) {
        throw id.problem("\"" + id.text() + "\" is listed twice");
      }
    }
    return new Approvals(node.required("required").strings(), timeout, Set.copyOf(strategies));
  }
}
