package dev.rewind.activities.catalog;

import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogHost;
import dev.rewind.catalog.FlagProvider;
import dev.rewind.catalog.HttpSections;
import dev.rewind.catalog.NotifyEvent;
import dev.rewind.catalog.NotifyTarget;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.catalog.ServiceEnvironment.Database;
import dev.rewind.catalog.ServiceEnvironment.Health;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.core.Target;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;

/**
 * Resolves a plan's {@link Target} (names only) against this worker's own catalog: the one place
 * where commands, addresses, key files, Docker endpoints, database URLs, health URLs and
 * notification targets come from, and where {@code {host}} is filled. A service or environment the
 * catalog lacks, a host it does not give that environment, or a command it does not declare is a
 * non-retryable {@link FailureTypes#NOT_IN_CATALOG}; an entry whose digest differs from the plan's
 * is a non-retryable {@link FailureTypes#CATALOG_DRIFT}. Either way nothing has run.
 */
public final class CatalogTargets {
  private final Catalog catalog;

  public CatalogTargets(Catalog catalog) {
    this.catalog = catalog;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** The entry of the target's service and environment, once its digest matches the plan's. */
  public ServiceEnvironment entry(Target target) {
    ServiceEnvironment entry =
        catalog
            .environment(target.service(), target.environment())
            .orElseThrow(
                () ->
                    notInCatalog(
                        catalog.service(target.service()).isEmpty()
                            ? "service " + target.service()
                            : "environment " + target.environment() + " of " + target.service()));
    String digest = catalog.digest(target.service(), target.environment());
    if (!digest.equals(target.catalogDigest())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the worker's catalog entry for %s %s (digest %s) differs from the one the plan was made"
                  .formatted(target.service(), target.environment(), prefix(digest))
              + " from (digest %s): nothing was run; retry once the catalogs agree"
                  .formatted(prefix(target.catalogDigest())),
          FailureTypes.CATALOG_DRIFT);
    }
    return entry;
  }

  /** One of the environment's application hosts. */
  public HostTarget host(Target target) {
    ServiceEnvironment entry = entry(target);
    return host(target, entry.hosts().contains(target.host()), "a host of");
  }

  /**
   * The host where the environment's database tools run ({@code database.host}, else the first).
   */
  public HostTarget databaseHost(Target target) {
    ServiceEnvironment entry = entry(target);
    String databaseHost = databaseHostName(entry, database(entry, target));
    return host(target, target.host().equals(databaseHost), "the database host of");
  }

  /** An application host or the database host: where a dry run may check reachability. */
  public HostTarget anyHost(Target target) {
    ServiceEnvironment entry = entry(target);
    boolean known =
        entry.hosts().contains(target.host())
            || entry.database() != null
                && target.host().equals(databaseHostName(entry, entry.database()));
    return host(target, known, "a host of");
  }

  public ContainerTarget container(Target target) {
    ServiceEnvironment entry = entry(target);
    HostTarget host = host(target);
    ServiceEnvironment.Container c = section(entry.container(), "container", target);
    return new ContainerTarget(host.name(), c.dockerHost(), c.name(), c.image(), c.pull());
  }

  /** The health URL of the target's host; NOT_IN_CATALOG when the catalog declares none. */
  public HealthCheck health(Target target, int expectStatus, long timeoutSeconds) {
    HealthCheck check = healthIfDeclared(target, expectStatus, timeoutSeconds);
    if (check.url() == null) {
      throw notInCatalog("a health URL for " + target.service() + " " + target.environment());
    }
    return check;
  }

  /**
   * The health URL of the target's host, or a check without URL when the catalog has none. An
   * expected status or timeout of 0 takes the catalog's.
   */
  public HealthCheck healthIfDeclared(Target target, int expectStatus, long timeoutSeconds) {
    ServiceEnvironment entry = entry(target);
    HostTarget host = host(target);
    Health health = entry.health();
    if (health == null) {
      return new HealthCheck(null, expectStatus, timeoutSeconds);
    }
    String url = health.url().toString().replace(HttpSections.HOST_PLACEHOLDER, "{host}");
    return new HealthCheck(
        fill(url, host),
        expectStatus > 0 ? expectStatus : health.expectStatus(),
        timeoutSeconds > 0 ? timeoutSeconds : health.timeout().toSeconds());
  }

  /** The {@code config} section on the target's host, for {@code config-restore}. */
  public ConfigTarget config(Target target) {
    ServiceEnvironment entry = entry(target);
    HostTarget host = host(target);
    ServiceEnvironment.ConfigFiles c = section(entry.config(), "config", target);
    return new ConfigTarget(
        host,
        c.files().stream().map(f -> fill(f, host)).toList(),
        fill(c.backupDir(), host),
        c.validate() == null
            ? null
            : CommandArguments.fill("validate", c.validate(), host.name(), Map.of()),
        c.reload() == null
            ? null
            : CommandArguments.fill("reload", c.reload(), host.name(), Map.of()),
        c.restart(),
        ServiceEnvironment.CommandTimeouts.DEFAULT);
  }

  /**
   * The provider of the target's feature flags (host unused: flags are not host-bound), with the
   * database login for the sql provider.
   */
  public FlagsTarget flags(Target target) {
    ServiceEnvironment entry = entry(target);
    FlagProvider flags = section(entry.flags(), "flags", target);
    if (!(flags instanceof FlagProvider.Sql)) {
      return new FlagsTarget(flags, null);
    }
    Database db = database(entry, target);
    return new FlagsTarget(
        flags,
        new DatabaseTarget(
            null, db.url(), db.user(), db.passwordEnv(), null, null, 0, 1, null, List.of()));
  }

  public CodeTarget code(Target target) {
    ServiceEnvironment entry = entry(target);
    HostTarget host = host(target);
    return new CodeTarget(host, fill(section(entry.code(), "code", target).gitDir(), host));
  }

  public DatabaseTarget database(Target target) {
    ServiceEnvironment entry = entry(target);
    Database db = database(entry, target);
    HostTarget host = databaseHost(target);
    return new DatabaseTarget(
        host,
        fill(db.url(), host),
        db.user(),
        db.passwordEnv(),
        fill(db.snapshotDir(), host),
        fill(db.backupDir(), host),
        db.keepSnapshots(),
        db.jobs(),
        db.maxBackupAge(),
        db.verify());
  }

  /**
   * The notification targets the catalog names for escalations of the target's service and
   * environment (host unused), with their URLs: for the worker that posts, never for a plan.
   */
  public List<NotifyTarget> escalation(Target target) {
    return entry(target).escalation().targets().stream()
        .map(name -> catalog.notifyTarget(name).orElseThrow())
        .toList();
  }

  /**
   * The names of the targets the catalog routes {@code event} to for the target's service and
   * environment (host unused), with the escalation targets for a breached SLA: what a workflow may
   * hold, never the URLs.
   */
  public List<String> routed(Target target, NotifyEvent event) {
    return entry(target).told(event);
  }

  /**
   * The target {@code name} with its URL, for the worker that posts {@code event}: NOT_IN_CATALOG
   * unless the catalog routes that event to that target for the service and environment.
   */
  public NotifyTarget routedTarget(Target target, NotifyEvent event, String name) {
    if (!routed(target, event).contains(name)) {
      throw notInCatalog(
          "notify target %s for %s of %s %s"
              .formatted(name, event.id(), target.service(), target.environment()));
    }
    return catalog.notifyTarget(name).orElseThrow();
  }

  /**
   * The catalog's argv for {@code command} on the target's host, its placeholders filled from
   * {@code values} (validated), and its working directory: the checkout for the service's own
   * commands, none for maintenance. Database commands run on the database host or an app host.
   */
  public CatalogCommand command(Target target, HostCommand command, Map<String, String> values) {
    ServiceEnvironment entry = entry(target);
    boolean database = command == HostCommand.MIGRATE || command == HostCommand.MIGRATE_DOWN;
    HostTarget host = database ? anyHost(target) : host(target);
    List<String> argv = declared(entry, command);
    if (argv == null) {
      throw notInCatalog(
          "a " + command.step() + " command for " + target.service() + " " + target.environment());
    }
    boolean maintenance =
        command == HostCommand.MAINTENANCE_ON || command == HostCommand.MAINTENANCE_OFF;
    String workDir = maintenance || entry.code() == null ? null : fill(entry.code().gitDir(), host);
    return new CatalogCommand(
        command.step(),
        host,
        CommandArguments.fill(command.step(), argv, host.name(), values),
        workDir,
        entry.timeouts().of(catalogKey(command)),
        entry.env().of(catalogKey(command)));
  }

  /** The command's key in the catalog's {@code timeouts} and {@code env}. */
  private static String catalogKey(HostCommand command) {
    return switch (command) {
      case MAINTENANCE_ON -> "maintenanceOn";
      case MAINTENANCE_OFF -> "maintenanceOff";
      case STOP -> "stop";
      case START -> "start";
      case REINSTALL -> "reinstall";
      case MIGRATE_DOWN -> "migrateDown";
      case MIGRATE -> "migrate";
    };
  }

  private static List<String> declared(ServiceEnvironment entry, HostCommand command) {
    return switch (command) {
      case MAINTENANCE_ON -> entry.maintenance() == null ? null : entry.maintenance().on();
      case MAINTENANCE_OFF -> entry.maintenance() == null ? null : entry.maintenance().off();
      case STOP -> entry.code() == null ? null : entry.code().stop();
      case START -> entry.code() == null ? null : entry.code().start();
      case REINSTALL -> entry.code() == null ? null : entry.code().reinstall();
      case MIGRATE_DOWN -> entry.database() == null ? null : entry.database().migrateDown();
      case MIGRATE -> entry.database() == null ? null : entry.database().migrate();
    };
  }

  private HostTarget host(Target target, boolean known, String role) {
    CatalogHost host = catalog.host(target.host()).orElse(null);
    if (!known || host == null) {
      throw notInCatalog(
          "host "
              + target.host()
              + " as "
              + role
              + " "
              + target.service()
              + " "
              + target.environment());
    }
    if (!host.transport().id().equals(target.transport())) {
      throw notInCatalog(
          "host %s with transport %s (the catalog reaches it by %s)"
              .formatted(target.host(), target.transport(), host.transport().id()));
    }
    return new HostTarget(
        host.name(),
        host.transport().id(),
        host.address(),
        host.user(),
        host.privateKeyFile(),
        host.knownHostsFile());
  }

  private static Database database(ServiceEnvironment entry, Target target) {
    return section(entry.database(), "database", target);
  }

  private static String databaseHostName(ServiceEnvironment entry, Database database) {
    return database.host() != null ? database.host() : entry.hosts().get(0);
  }

  private static <T> T section(T section, String name, Target target) {
    if (section == null) {
      throw notInCatalog(
          "a " + name + " section for " + target.service() + " " + target.environment());
    }
    return section;
  }

  /** Fills the {@code {host}} placeholder the catalog allows in paths, URLs and commands. */
  private static String fill(String text, HostTarget host) {
    return text == null ? null : text.replace("{host}", host.name());
  }

  private static ApplicationFailure notInCatalog(String missing) {
    return ApplicationFailure.newNonRetryableFailure(
        "the worker's catalog has no " + missing + ": nothing was run",
        FailureTypes.NOT_IN_CATALOG);
  }

  private static String prefix(String digest) {
    return digest == null ? "none" : digest.substring(0, Math.min(12, digest.length()));
  }
}
