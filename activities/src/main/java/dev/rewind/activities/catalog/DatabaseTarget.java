package dev.rewind.activities.catalog;

import dev.rewind.catalog.ServiceEnvironment.Database;
import java.time.Duration;
import java.util.List;

/**
 * A service's PostgreSQL database as the worker's catalog describes it, and the host where pg_dump,
 * pg_restore and psql run ({@code host}: an agent host, whose worker runs them locally; for an
 * {@code ssh} host the control worker runs them, keeping {@code snapshotDir} on its own disk). The
 * password is only named ({@code passwordEnv}, read from the worker's environment).
 *
 * @param url {@code jdbc:postgresql://host:port/database}
 * @param snapshotDir where snapshots and their manifests are written, absolute
 * @param backupDir where backups restored by {@code backup-restore} must lie, or null: none allowed
 * @param keepSnapshots how many of Rewind's snapshots are kept for this database
 * @param jobs parallel pg_dump/pg_restore jobs: 1 dumps one custom-format file and restores it in
 *     one transaction; more dump a directory ({@code -Fd -j}) and restore with {@code -j}
 * @param maxBackupAge a backup older than this is refused unless the request allows it
 * @param verify SQL checks that must each return true after a restore
 */
public record DatabaseTarget(
    HostTarget host,
    String url,
    String user,
    String passwordEnv,
    String snapshotDir,
    String backupDir,
    int keepSnapshots,
    int jobs,
    Duration maxBackupAge,
    List<String> verify) {

  public DatabaseTarget {
    // The catalog reader checks jobs; checked again where pg_dump and pg_restore get it.
    if (jobs < 1 || jobs > Database.MAX_JOBS) {
      throw new IllegalArgumentException(
          "database.jobs must be between 1 and " + Database.MAX_JOBS + ", not " + jobs);
    }
  }

  /** The database name from the URL, for summaries ("pg_dump billing → snapshot 7f3c"). */
  public String databaseName() {
    String rest = url.substring(url.indexOf("//") + 2);
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return user;
    }
    String name = rest.substring(slash + 1);
    int query = name.indexOf('?');
    return query < 0 ? name : name.substring(0, query);
  }
}
