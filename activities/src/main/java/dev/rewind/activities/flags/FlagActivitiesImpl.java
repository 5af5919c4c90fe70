package dev.rewind.activities.flags;

import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.FlagsTarget;
import dev.rewind.activities.catalog.PlanValues;
import dev.rewind.activities.database.DatabaseLogin;
import dev.rewind.catalog.FlagProvider;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.flags.FeatureFlagPlan;
import dev.rewind.workflows.flags.FlagActivities;
import dev.rewind.workflows.flags.FlagFailures;
import dev.rewind.workflows.flags.FlagValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FlagActivities} on the control worker: the provider, its address, token variable, SQL and
 * database login come from the worker's catalog; names and values from the plan are checked again
 * (a name by its pattern, a string value against the catalog's {@code flags.values}) before any
 * request is made. Tokens are read from the worker's environment at use and never logged.
 */
public final class FlagActivitiesImpl implements FlagActivities {
  private static final Logger log = LoggerFactory.getLogger(FlagActivitiesImpl.class);

  private final CatalogTargets targets;
  private final Map<String, String> environment;

  public FlagActivitiesImpl(CatalogTargets targets, Map<String, String> environment) {
    this.targets = targets;
    this.environment = environment;
  }

  @Override
  public Map<String, FlagValue> readFlags(Target target, List<String> names) {
    names.forEach(PlanValues::flagName);
    FlagStore store = store(target);
    Map<String, FlagValue> values = new LinkedHashMap<>();
    for (String name : names) {
      values.put(name, store.read(name));
    }
    return values;
  }

  @Override
  public void writeFlags(Target target, Map<String, FlagValue> values) {
    FlagsTarget flags = targets.flags(target);
    values.forEach((name, value) -> checked(flags.provider(), name, value));
    FlagStore store = store(flags);
    values.forEach(
        (name, value) -> {
          if (!value.equals(store.read(name))) {
            store.write(name, value);
            log.info("flag {} set to {} at {}", name, value, store.describe());
          }
        });
  }

  @Override
  public void verifyFlags(Target target, Map<String, FlagValue> expected) {
    Map<String, FlagValue> actual = readFlags(target, new ArrayList<>(expected.keySet()));
    List<String> differ = new ArrayList<>();
    expected.forEach(
        (name, value) -> {
          if (!value.equals(actual.get(name))) {
            differ.add(name + " is " + actual.get(name) + ", expected " + value);
          }
        });
    if (!differ.isEmpty()) {
      throw Failures.permanent(
          FlagFailures.FLAG_MISMATCH,
          "read back after the write: "
              + String.join("; ", differ)
              + " (changed by someone else?); expected "
              + FeatureFlagPlan.show(expected));
    }
  }

  private FlagStore store(Target target) {
    return store(targets.flags(target));
  }

  private FlagStore store(FlagsTarget flags) {
    FlagProvider provider = flags.provider();
    if (provider instanceof FlagProvider.Unleash unleash) {
      return new UnleashFlags(unleash, secret(unleash.tokenEnv()));
    }
    if (provider instanceof FlagProvider.Http http) {
      return new HttpFlags(http, http.tokenEnv() == null ? null : secret(http.tokenEnv()));
    }
    return new SqlFlags(
        (FlagProvider.Sql) provider, new DatabaseLogin(flags.database(), environment));
  }

  private String secret(String variable) {
    String value = environment.get(variable);
    if (value == null || value.isEmpty()) {
      throw Failures.permanent(
          FlagFailures.PROVIDER_REJECTED,
          "environment variable "
              + variable
              + " (the catalog's flags.tokenEnv) is not set on this worker");
    }
    return value;
  }

  /** A name by its pattern; a string value only where the catalog declares it. */
  private static void checked(FlagProvider provider, String name, FlagValue value) {
    PlanValues.flagName(name);
    if (!value.isBoolean() && !provider.values().contains(value.text())) {
      throw PlanValues.invalid(
          "value of flag " + name,
          value.text(),
          provider.values().isEmpty()
              ? "true or false (" + provider.id() + " flags are on or off)"
              : "true, false or one of " + String.join(", ", provider.values()));
    }
  }
}
