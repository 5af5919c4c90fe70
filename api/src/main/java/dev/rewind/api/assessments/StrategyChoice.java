package dev.rewind.api.assessments;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.StrategyId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The chain that undoes what changed between the known-good deployment and the current one, as the
 * registry recorded them: another migration → {@code migration-rollback} (runbook 004's "database
 * migration failed"), another git sha → {@code code-revert}, another image → {@code
 * container-revert}, other recorded flags → {@code feature-flag}, and where the catalog declares
 * configuration files, {@code config-restore} to the known-good version's backup set; with data
 * corruption, {@code backup-restore} instead of the migration rollback (runbook 001, strategy 4).
 * The database goes first, as runbook 000 orders it. A part that changed but has no section in the
 * catalog is named in the reasons, not chosen.
 */
public final class StrategyChoice {
  private StrategyChoice() {}

  /** The chain in order and why each strategy is (or is not) in it. */
  public record Chain(List<StrategyId> strategies, List<String> reasons) {
    public List<String> ids() {
      return strategies.stream().map(StrategyId::id).toList();
    }
  }

  public static Chain of(
      Deployment current, Deployment knownGood, ServiceEnvironment env, boolean dataCorruption) {
    List<StrategyId> chain = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    if (current == null || knownGood == null) {
      reasons.add(
          "the registry has no "
              + (current == null ? "deployment" : "known-good version before " + current.version())
              + ": name the strategy and the target version yourself");
      return new Chain(List.of(), List.copyOf(reasons));
    }
    String versions = current.version() + " → " + knownGood.version();
    if (dataCorruption) {
      choose(
          chain,
          reasons,
          StrategyId.BACKUP_RESTORE,
          env.database() != null && env.database().backupDir() != null,
          "data corruption: restore the backup taken before " + current.version(),
          "database.backupDir");
    } else if (changed(current, knownGood, Deployment::migration)) {
      choose(
          chain,
          reasons,
          StrategyId.MIGRATION_ROLLBACK,
          env.database() != null && env.database().migrateDown() != null,
          "migration " + change(current, knownGood, Deployment::migration),
          "database.migrateDown");
    }
    if (current.flags() != null
        && knownGood.flags() != null
        && !current.flags().equals(knownGood.flags())) {
      choose(
          chain,
          reasons,
          StrategyId.FEATURE_FLAG,
          env.flags() != null,
          "flags " + current.flags() + " → " + knownGood.flags(),
          "flags");
    }
    if (env.config() != null) {
      choose(
          chain,
          reasons,
          StrategyId.CONFIG_RESTORE,
          true,
          "configuration: the backup set of " + knownGood.version(),
          "config");
    }
    if (changed(current, knownGood, Deployment::gitSha)) {
      choose(
          chain,
          reasons,
          StrategyId.CODE_REVERT,
          env.code() != null,
          "git sha " + change(current, knownGood, Deployment::gitSha),
          "code");
    }
    if (changed(current, knownGood, Deployment::image)) {
      choose(
          chain,
          reasons,
          StrategyId.CONTAINER_REVERT,
          env.container() != null,
          "image " + change(current, knownGood, Deployment::image),
          "container");
    }
    if (chain.isEmpty() && reasons.isEmpty()) {
      reasons.add(
          versions
              + ": the registry records no other migration, git sha, image or flags: name the"
              + " strategy"
              + " yourself");
    }
    return new Chain(List.copyOf(chain), List.copyOf(reasons));
  }

  private static void choose(
      List<StrategyId> chain,
      List<String> reasons,
      StrategyId strategy,
      boolean inCatalog,
      String why,
      String section) {
    if (inCatalog) {
      chain.add(strategy);
      reasons.add(why + ": " + strategy.id());
    } else {
      reasons.add(
          why + ", but the catalog has no " + section + " for it: " + strategy.id() + " left out");
    }
  }

  private static boolean changed(Deployment now, Deployment good, Function<Deployment, String> f) {
    return f.apply(now) != null && !Objects.equals(f.apply(now), f.apply(good));
  }

  private static String change(Deployment now, Deployment good, Function<Deployment, String> f) {
    return f.apply(now) + " → " + (f.apply(good) == null ? "none" : f.apply(good));
  }
}
