package dev.rewind.activities.config;

import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.ConfigTarget;
import dev.rewind.activities.catalog.PlanValues;
import dev.rewind.activities.host.CommandResult;
import dev.rewind.activities.host.HostFailures;
import dev.rewind.activities.host.HostShell;
import dev.rewind.activities.host.HostShells;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.config.BackupSet;
import dev.rewind.workflows.config.ConfigActivities;
import dev.rewind.workflows.config.ConfigFailures;
import dev.rewind.workflows.config.ConfigFile;
import dev.rewind.workflows.config.ConfigSnapshot;
import dev.rewind.workflows.core.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code config-restore}'s steps on a host, through the host's {@link HostShell} (local on an
 * agent, SSH from the control worker): every file, directory and command comes from this worker's
 * catalog ({@link CatalogTargets#config}); the plan gives only the set's name and the snapshot id,
 * validated again and confined under the catalog's {@code backupDir}. Logs and results carry paths,
 * checksums, modes and owners, never a file's content.
 */
public class ConfigActivitiesImpl implements ConfigActivities {
  private static final Logger log = LoggerFactory.getLogger(ConfigActivitiesImpl.class);

  /** Within the step's five minutes, so a killed command is still reported by this attempt. */
  private static final Duration COMMAND_LIMIT = Duration.ofMinutes(4);

  private final CatalogTargets targets;
  private final HostShells shells;

  public ConfigActivitiesImpl(CatalogTargets targets, HostShells shells) {
    this.targets = targets;
    this.shells = shells;
  }

  @Override
  public BackupSet checkSet(Target target, String set) {
    ConfigTarget config = targets.config(target);
    String dir = BackupPaths.set(config.backupDir(), set);
    return onHost(
        config,
        files -> {
          if (!files.isDirectory(dir)) {
            throw ConfigProblems.badSet(
                set, "does not exist on " + config.host().name() + " (" + dir + ")");
          }
          String sums = dir + "/" + BackupPaths.SUMS;
          if (!files.isFile(sums)) {
            throw ConfigProblems.badSet(set, "has no " + BackupPaths.SUMS);
          }
          String failing = files.verifySums(dir);
          if (failing != null) {
            throw ConfigProblems.badSet(
                set, "does not match its " + BackupPaths.SUMS + ": " + failing);
          }
          List<ConfigFile> found = new ArrayList<>();
          for (String file : config.files()) {
            ConfigFile copy = files.state(BackupPaths.mirrored(dir, file));
            if (!copy.exists()) {
              throw ConfigProblems.badSet(set, "lacks " + file);
            }
            if (!files.listed(sums, BackupPaths.relative(file), copy.sha256())) {
              throw ConfigProblems.badSet(
                  set,
                  "does not list "
                      + BackupPaths.relative(file)
                      + " with its checksum in "
                      + BackupPaths.SUMS);
            }
            found.add(new ConfigFile(file, copy.sha256(), copy.mode(), copy.owner()));
          }
          BackupSet result = new BackupSet(config.host().name(), set, found);
          log.info("{}: {}", files.where(), result.detail());
          return result;
        });
  }

  @Override
  public ConfigSnapshot snapshotFiles(Target target, String snapshotId) {
    ConfigTarget config = targets.config(target);
    String dir = BackupPaths.snapshot(config.backupDir(), snapshotId);
    return onHost(
        config,
        files -> {
          String complete = dir + "/" + BackupPaths.COMPLETE;
          boolean reused = files.isFile(complete);
          List<ConfigFile> taken = new ArrayList<>();
          for (String file : config.files()) {
            String copy = BackupPaths.mirrored(dir, file);
            if (reused) {
              // taken by an earlier run of this step: the copies are what the files were
              ConfigFile kept = files.state(copy);
              taken.add(new ConfigFile(file, kept.sha256(), kept.mode(), kept.owner()));
              continue;
            }
            ConfigFile current = files.state(file);
            if (current.exists()) {
              files.makeDirectories(BackupPaths.mirrored(dir, parent(file)));
              files.copyPreserving(file, copy);
              if (!current.sha256().equals(files.sha256(copy))) {
                throw ConfigProblems.changedUnderneath(file);
              }
            } else {
              files.remove(copy);
            }
            taken.add(current);
          }
          if (!reused) {
            files.makeDirectories(dir);
            files.touch(complete);
          }
          ConfigSnapshot snapshot = new ConfigSnapshot(config.host().name(), snapshotId, taken);
          log.info("{}: {}{}", files.where(), snapshot.detail(), reused ? " (taken earlier)" : "");
          return snapshot;
        });
  }

  @Override
  public String writeSet(Target target, String set, ConfigSnapshot before) {
    ConfigTarget config = targets.config(target);
    String dir = BackupPaths.set(config.backupDir(), set);
    return onHost(
        config,
        files -> {
          List<ConfigFile> wanted = new ArrayList<>();
          for (String file : config.files()) {
            String copy = BackupPaths.mirrored(dir, file);
            if (!files.isFile(copy)) {
              throw ConfigProblems.badSet(set, "lacks " + file);
            }
            wanted.add(new ConfigFile(file, files.sha256(copy), null, null));
          }
          return done(files, "set " + set, new ReplaceFiles(files).apply(dir, wanted));
        });
  }

  @Override
  public String restoreSnapshot(Target target, ConfigSnapshot before) {
    ConfigTarget config = targets.config(target);
    String dir = BackupPaths.snapshot(config.backupDir(), before.id());
    List<ConfigFile> wanted = new ArrayList<>();
    for (String file : config.files()) {
      wanted.add(
          before.files().stream()
              .filter(f -> file.equals(f.path()))
              .findFirst()
              .orElseThrow(
                  () ->
                      PlanValues.invalid("config snapshot", before.id(), "a snapshot of " + file)));
    }
    return onHost(
        config,
        files ->
            done(files, "snapshot " + before.id(), new ReplaceFiles(files).apply(dir, wanted)));
  }

  @Override
  public String validate(Target target) {
    ConfigTarget config = targets.config(target);
    if (config.validate() == null) {
      return "no config.validate command in the catalog";
    }
    return onHost(
        config,
        files -> {
          CommandResult result = run(files, config, config.validate());
          if (!result.succeeded()) {
            throw Failures.permanent(
                ConfigFailures.INVALID_CONFIG,
                "the validator refused the configuration: " + result.summary());
          }
          return result.summary();
        });
  }

  @Override
  public String reload(Target target) {
    ConfigTarget config = targets.config(target);
    if (config.reload() == null) {
      throw Failures.permanent(
          FailureTypes.NOT_IN_CATALOG,
          "the worker's catalog has no config.reload for "
              + target.service()
              + " "
              + target.environment()
              + ": nothing was run");
    }
    return onHost(
        config,
        files -> {
          CommandResult result = run(files, config, config.reload());
          if (!result.succeeded()) {
            throw HostFailures.commandFailed(
                "reload (" + String.join(" ", config.reload()) + ")", result);
          }
          return result.summary();
        });
  }

  private static CommandResult run(HostFiles files, ConfigTarget config, List<String> argv) {
    Duration limit = config.commandTimeout();
    CommandResult result =
        files.runFor(argv, limit.compareTo(COMMAND_LIMIT) < 0 ? limit : COMMAND_LIMIT);
    log.info("{} on {}: {}", argv.get(0), config.host().name(), result.summary());
    return result;
  }

  private static String done(HostFiles files, String from, String detail) {
    log.info("{}: files from {}: {}", files.where(), from, detail);
    return detail;
  }

  private <T> T onHost(ConfigTarget config, Function<HostFiles, T> work) {
    try (HostShell shell = shells.open(config.host())) {
      return work.apply(new HostFiles(shell));
    }
  }

  private static String parent(String file) {
    int slash = file.lastIndexOf('/');
    return slash <= 0 ? "/" : file.substring(0, slash);
  }
}
