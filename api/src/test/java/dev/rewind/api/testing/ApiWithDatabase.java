package dev.rewind.api.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole api on the real PostgreSQL that {@code scripts/test} starts ({@code REWIND_DB_URL},
 * {@code REWIND_DB_USER}, {@code REWIND_DB_PASSWORD}) and Temporal in process ({@link
 * InProcessTemporal}). Tokens: {@code tokens-it.yml}, and {@code dev-token} (the dev profile is
 * active).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("infra")
@SpringBootTest(
    properties = {
      "rewind.catalog=src/test/resources/catalogs/api-test.yml",
      "rewind.auth.tokens-file=src/test/resources/tokens-it.yml",
      "rewind.auth.dev-token=dev-token",
      "rewind.temporal.ui=http://temporal.test:8233"
    })
@AutoConfigureMockMvc
@Import(InProcessTemporal.class)
@ActiveProfiles("dev") // the dev token is accepted in the dev profile only
public @interface ApiWithDatabase {}
