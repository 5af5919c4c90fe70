package dev.rewind.workflows.core;

import dev.rewind.workflows.container.ContainerSnapshot;
import dev.rewind.workflows.database.SnapshotManifest;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rollback set aside before changing anything, for the operator and the api: containers'
 * specs, database snapshots with their manifests, and older snapshots it pruned.
 */
public final class SnapshotsTaken {
  public final List<ContainerSnapshot> containers = new ArrayList<>();
  public final List<SnapshotManifest> databases = new ArrayList<>();
  public final List<String> pruned = new ArrayList<>();
}
