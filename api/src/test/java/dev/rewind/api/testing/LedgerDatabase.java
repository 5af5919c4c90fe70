package dev.rewind.api.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.annotation.AliasFor;

/**
 * The whole api on the real PostgreSQL that {@code scripts/test} starts, with no Temporal behind it
 * (nothing listens on its address, and the ledger worker is off): for what the api records, and
 * what it answers when Temporal does not. Tokens: {@code tokens-it.yml}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("infra")
@SpringBootTest(
    properties = {
      "rewind.catalog=src/test/resources/catalogs/api-test.yml",
      "rewind.auth.tokens-file=src/test/resources/tokens-it.yml",
      "rewind.ledger.worker=false",
      "rewind.temporal.address=127.0.0.1:1",
      "rewind.temporal.call-timeout=1s",
      // every cached test context keeps its pool: a small one, so they all fit the server
      "spring.datasource.hikari.maximum-pool-size=5"
    })
@AutoConfigureMockMvc
public @interface LedgerDatabase {
  /** RANDOM_PORT for tests that need a real Tomcat in front. */
  @AliasFor(annotation = SpringBootTest.class)
  SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.MOCK;
}
