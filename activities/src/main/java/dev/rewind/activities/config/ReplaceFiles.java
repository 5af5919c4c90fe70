package dev.rewind.activities.config;

import dev.rewind.activities.host.CommandResult;
import dev.rewind.activities.host.HostFailures;
import dev.rewind.catalog.ServiceEnvironment.ConfigFiles;
import dev.rewind.workflows.config.ConfigFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts files in place from a mirror directory (a backup set, or Rewind's snapshot): for each, a
 * temporary file in the live file's own directory gets the new content and the live file's mode and
 * owner, then is renamed over it, so readers see the old file or the new one and never half of one.
 * A file already holding the wanted checksum is left alone, so running this again after a crash
 * finishes the work without repeating it. For env files only the changed keys' names are reported,
 * never their values.
 */
final class ReplaceFiles {
  private static final int DIFF_SHOWN = 4000;

  private final HostFiles files;

  ReplaceFiles(HostFiles files) {
    this.files = files;
  }

  /**
   * Makes each {@code wanted} file's content that of its copy under {@code mirror} (whose checksum
   * must be the wanted one); a wanted file without checksum is removed.
   */
  String apply(String mirror, List<ConfigFile> wanted) {
    List<String> done = new ArrayList<>();
    for (ConfigFile file : wanted) {
      done.add(replace(mirror, file));
    }
    return String.join("; ", done);
  }

  private String replace(String mirror, ConfigFile wanted) {
    String live = wanted.path();
    ConfigFile current = files.state(live);
    if (!wanted.exists()) {
      if (!current.exists()) {
        return live + ": absent, as wanted";
      }
      files.remove(live);
      return live + ": removed (absent before)";
    }
    if (wanted.sha256().equals(current.sha256())) {
      return live + ": already " + shortSha(wanted.sha256());
    }
    String source = BackupPaths.mirrored(mirror, live);
    if (!wanted.sha256().equals(files.sha256(source))) {
      throw ConfigProblems.changedUnderneath(source);
    }
    String keys = ConfigFiles.isEnvFile(live) ? ", " + changedKeys(live, source, current) : "";
    Path path = Path.of(live);
    String temporary = path.resolveSibling("." + path.getFileName() + ".rewind-new").toString();
    files.copyContent(source, temporary);
    files.sameModeAndOwner(current.exists() ? live : source, temporary);
    files.rename(temporary, live);
    String now = files.sha256(live);
    if (!now.equals(wanted.sha256())) {
      throw ConfigProblems.changedUnderneath(live);
    }
    return live
        + ": "
        + (current.exists() ? shortSha(current.sha256()) : "absent")
        + " → "
        + shortSha(now)
        + keys;
  }

  private String changedKeys(String live, String source, ConfigFile current) {
    if (!current.exists()) {
      return "new file";
    }
    CommandResult diff = files.run(EnvKeys.diff(live, source));
    if (diff.exitCode() > 1) {
      // not diff's output: its message may quote the files, so only the exit code is kept
      throw HostFailures.commandFailed(
          "diff of " + live,
          new CommandResult(List.of("diff"), diff.exitCode(), "", "", files.where()));
    }
    return EnvKeys.changed(diff.stdoutTail(), diff.stdoutTail().length() >= DIFF_SHOWN);
  }

  static String shortSha(String sha) {
    return sha.substring(0, 12);
  }
}
