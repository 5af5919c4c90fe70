package dev.rewind.activities.flags;

import dev.rewind.workflows.flags.FlagValue;

/**
 * One provider's flags, as the catalog names it: read and write one flag by a validated name. A
 * missing flag is a non-retryable {@code FlagNotFound}; an unreachable provider throws a retryable
 * failure.
 */
interface FlagStore {
  FlagValue read(String name);

  void write(String name, FlagValue value);

  /** "unleash http://127.0.0.1:4242 (default/production)", for messages. */
  String describe();
}
