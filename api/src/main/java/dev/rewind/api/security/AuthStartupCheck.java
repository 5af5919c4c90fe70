package dev.rewind.api.security;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks the token settings against the active profiles ({@link AuthProperties#check(boolean)})
 * before anything else starts, so a production api without a tokens file fails at once with that
 * message, not after connecting to its database. Runs last, once the profiles are known.
 */
class AuthStartupCheck implements EnvironmentPostProcessor, Ordered {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Binder.get(environment)
        .bind("rewind.auth", AuthProperties.class)
        .orElseGet(() -> new AuthProperties(null, null))
        .check(environment.matchesProfiles(AuthProperties.DEV_PROFILE));
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
