package dev.rewind.workflows.config;

import dev.rewind.workflows.core.StepJournal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Rewind's copy of a host's configuration files before a restore, kept on that host under {@code
 * <config.backupDir>/.rewind/<id>/} (content, mode and owner, with a SHA256SUMS); history holds
 * only what {@link ConfigFile} says. The id is the rollback's, so a retry finds the copy it made.
 */
public record ConfigSnapshot(String host, String id, List<ConfigFile> files)
    implements StepJournal.Detailed {

  @Override
  public String detail() {
    return "snapshot "
        + id
        + ": "
        + files.stream().map(ConfigFile::describe).collect(Collectors.joining(", "));
  }
}
