package dev.rewind.activities.database;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Snapshot files in a snapshot directory: {@code <id>.dump} and {@code <id>.manifest.json}, the
 * manifest written last and atomically, so a snapshot exists exactly when its manifest does. While
 * pg_dump writes, the dump is {@code <id>.dump.tmp-<8 hex>}, renamed once complete. A dump is one
 * custom-format file, or, when the catalog's {@code database.jobs} is above 1, a directory-format
 * archive: a directory of the same name holding pg_dump's {@code toc.dat} and data files.
 */
final class Manifests {
  static final String DUMP = ".dump";
  static final String MANIFEST = ".manifest.json";
  private static final String TEMPORARY = ".tmp-";

  private static final ObjectMapper JSON =
      JacksonJsonPayloadConverter.newDefaultObjectMapper()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private Manifests() {}

  static Path dump(Path dir, String snapshotId) {
    return dir.resolve(snapshotId + DUMP);
  }

  static Path manifest(Path dir, String snapshotId) {
    return dir.resolve(snapshotId + MANIFEST);
  }

  /** A new temporary file for the dump of {@code snapshotId}: {@code <id>.dump.tmp-<8 hex>}. */
  static Path temporaryDump(Path dir, String snapshotId) {
    return dir.resolve(
        snapshotId + DUMP + TEMPORARY + UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * The temporary dumps of {@code snapshotId} in {@code dir}: exactly {@code <id>.dump.tmp-<8
   * hex>}, so never one of another snapshot, even one whose id starts with this one.
   */
  static List<Path> temporaryDumps(Path dir, String snapshotId) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Pattern mine = Pattern.compile(Pattern.quote(snapshotId + DUMP + TEMPORARY) + "[0-9a-f]{8}");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> mine.matcher(f.getFileName().toString()).matches()).toList();
    }
  }

  /** The bytes of a dump: the file's size, or the sum of a directory dump's files. */
  static long size(Path dump) throws IOException {
    if (!Files.isDirectory(dump)) {
      return Files.size(dump);
    }
    long total = 0;
    for (Path file : files(dump)) {
      total += Files.size(file);
    }
    return total;
  }

  /** The regular files of a directory dump in name order, the order its checksum covers them. */
  static List<Path> files(Path directoryDump) throws IOException {
    try (Stream<Path> files = Files.list(directoryDump)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** Deletes a dump, file or directory; whether there was one. */
  static boolean delete(Path dump) throws IOException {
    if (!Files.isDirectory(dump, LinkOption.NOFOLLOW_LINKS)) {
      return Files.deleteIfExists(dump);
    }
    try (Stream<Path> all = Files.walk(dump)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
    return true;
  }

  /** The manifest beside a dump file ({@code x.dump} → {@code x.manifest.json}), if any. */
  static SnapshotManifest besideDump(Path dumpFile) throws IOException {
    String name = dumpFile.getFileName().toString();
    String base = name.endsWith(DUMP) ? name.substring(0, name.length() - DUMP.length()) : name;
    Path manifest = dumpFile.resolveSibling(base + MANIFEST);
    return Files.isRegularFile(manifest) ? read(manifest) : null;
  }

  static SnapshotManifest read(Path manifest) throws IOException {
    return JSON.readValue(manifest.toFile(), SnapshotManifest.class);
  }

  static void write(Path manifest, SnapshotManifest value) throws IOException {
    Path tmp = manifest.resolveSibling(manifest.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), value);
    Files.move(tmp, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Every manifest in {@code dir}, newest first; unreadable ones are skipped. */
  static List<SnapshotManifest> list(Path dir) throws IOException {
    List<SnapshotManifest> all = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return all;
    }
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.getFileName().toString().endsWith(MANIFEST)) {
          try {
            all.add(read(file));
          } catch (IOException e) {
            // a manifest that does not parse is not one of ours
          }
        }
      }
    }
    all.sort(
        Comparator.comparing(SnapshotManifest::takenAt)
            .reversed()
            .thenComparing(SnapshotManifest::snapshotId));
    return all;
  }
}
