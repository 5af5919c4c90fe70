package dev.rewind.activities.database;

import dev.rewind.workflows.database.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a snapshot directory in bounds: the newest {@code keep} snapshots stay, and so does every
 * snapshot a running rollback may still restore (named in {@code protectedIds} by its snapshot id
 * or its rollback id). The dump (a file, or a directory) is deleted before its manifest, so a crash
 * in between leaves a manifest the next prune finishes, never an unlisted dump.
 */
final class SnapshotRetention {
  private static final Logger log = LoggerFactory.getLogger(SnapshotRetention.class);

  private SnapshotRetention() {}

  static List<String> prune(Path dir, int keep, Set<String> protectedIds) throws IOException {
    List<SnapshotManifest> all = Manifests.list(dir);
    List<String> deleted = new ArrayList<>();
    for (int i = Math.max(0, keep); i < all.size(); i++) {
      SnapshotManifest old = all.get(i);
      if (protectedIds.contains(old.snapshotId()) || protectedIds.contains(old.rollbackId())) {
        continue;
      }
      Manifests.delete(Manifests.dump(dir, old.snapshotId()));
      Files.deleteIfExists(Manifests.manifest(dir, old.snapshotId()));
      deleted.add(old.snapshotId());
      log.info(
          "pruned snapshot {} (taken {} by {})", old.snapshotId(), old.takenAt(), old.rollbackId());
    }
    return deleted;
  }
}
