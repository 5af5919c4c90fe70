package dev.rewind.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Rewind API: pipelines and operators request rollbacks here; each one becomes a {@code
 * Rollback} workflow in Temporal. The catalog and the API tokens are read and checked before the
 * first request is served, so a misconfigured API never starts.
 */
@SpringBootApplication
public class RewindApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(RewindApiApplication.class, args);
  }
}
