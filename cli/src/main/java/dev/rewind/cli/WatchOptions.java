package dev.rewind.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --watch} and {@code --poll}, for the commands that can follow a rollback to its end. */
final class WatchOptions {
  @Option(names = "--watch", description = "Follow the rollback until it ends or escalates.")
  boolean watch;

  @Option(
      names = "--poll",
      defaultValue = "1",
      description = "With --watch: seconds between two looks (default ${DEFAULT-VALUE}).")
  int pollSeconds;

  RollbackWatch watcher(Rewind rewind) {
    return new RollbackWatch(rewind.api(), rewind.out(), Duration.ofSeconds(pollSeconds));
  }
}
