package dev.rewind.workflows.flags;

import dev.rewind.workflows.core.Target;
import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/**
 * Feature flags of {@code target}'s service and environment, at the provider the worker's catalog
 * names ({@code flags.provider}: an Unleash server's Admin API, a table of the service's database,
 * or a JSON API), run by the control worker. Names and values are validated again against the
 * catalog before use; the provider's token is read from the worker's environment and never leaves
 * it. Connection failures and 5xx answers are transient; a missing flag ({@link
 * FlagFailures#FLAG_NOT_FOUND}) and a refused request ({@link FlagFailures#PROVIDER_REJECTED}) are
 * permanent. Every method is idempotent.
 */
@ActivityInterface
public interface FlagActivities {

  /** The current value of each flag of {@code names}, in that order: the snapshot. */
  Map<String, FlagValue> readFlags(Target target, List<String> names);

  /** Sets each flag to its value (a flag already at its value is left alone). */
  void writeFlags(Target target, Map<String, FlagValue> values);

  /**
   * Reads every flag back; one holding another value fails with {@link FlagFailures#FLAG_MISMATCH}
   * naming each flag, what it holds and what was expected.
   */
  void verifyFlags(Target target, Map<String, FlagValue> expected);
}
