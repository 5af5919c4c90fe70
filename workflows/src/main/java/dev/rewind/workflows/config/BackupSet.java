package dev.rewind.workflows.config;

import dev.rewind.workflows.core.StepJournal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A backup set found intact on a host: every catalog file present in {@code
 * <config.backupDir>/<name>/} and matching the set's SHA256SUMS ({@code files} as the set holds
 * them: path and checksum, mode and owner of the set's copy).
 */
public record BackupSet(String host, String name, List<ConfigFile> files)
    implements StepJournal.Detailed {

  @Override
  public String detail() {
    return "set "
        + name
        + " intact: "
        + files.stream().map(ConfigFile::describe).collect(Collectors.joining(", "));
  }
}
