package dev.rewind.api.snapshots;

import dev.rewind.api.catalog.CatalogLookup;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /services/{service}/environments/{env}/snapshots}: the database snapshots Rewind took
 * before changing that database, newest first, each with its manifest (file, SHA-256, size, row
 * counts) and the rollback that took it. Pruned ones (retention: the catalog's {@code
 * keepSnapshots}) are not listed.
 */
@RestController
class SnapshotsController {
  private final SnapshotRecords snapshots;
  private final CatalogLookup catalog;

  SnapshotsController(SnapshotRecords snapshots, CatalogLookup catalog) {
    this.snapshots = snapshots;
    this.catalog = catalog;
  }

  @GetMapping("/api/v1/services/{service}/environments/{environment}/snapshots")
  List<SnapshotRecords.Snapshot> list(
      @PathVariable String service, @PathVariable String environment) {
    List<FieldProblem> problems = new ArrayList<>();
    catalog.find(service, environment, problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return snapshots.list(service, environment);
  }
}
