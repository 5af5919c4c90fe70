package dev.rewind.api.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.catalog.StartupProblem;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong Temporal setting stops the api at start-up with one message naming the variable. */
class TemporalConfigTest {
  private static final TemporalProperties TEMPORAL =
      new TemporalProperties(
          "127.0.0.1:7233", "default", URI.create("http://127.0.0.1:8233"), Duration.ofSeconds(5));

  @TempDir Path dir;

  @Test
  void aTlsCertificateWithoutKeyAndCaStopsStartUpNamingTheVariables() {
    assertThatThrownBy(
            () ->
                new TemporalConfig()
                    .temporalSettings(
                        TEMPORAL,
                        new TemporalTlsProperties("/etc/rewind/client.pem", null, " "),
                        new CodecKeysProperties(null)))
        .isInstanceOf(StartupProblem.class)
        .hasMessageContaining("REWIND_TEMPORAL_TLS_CERT set")
        .hasMessageContaining("REWIND_TEMPORAL_TLS_KEY, REWIND_TEMPORAL_TLS_CA missing");
  }

  @Test
  void aBadKeyFileStopsStartUpNamingFileAndLine() throws Exception {
    Path keys = Files.writeString(dir.resolve("codec-keys"), "k1=c2hvcnQ=\n");

    assertThatThrownBy(
            () ->
                new TemporalConfig()
                    .temporalSettings(
                        TEMPORAL,
                        new TemporalTlsProperties(null, null, null),
                        new CodecKeysProperties(keys.toString())))
        .isInstanceOf(StartupProblem.class)
        .hasMessage(
            "REWIND_CODEC_KEYS: codec keys file "
                + keys
                + " line 1: the key of 'k1' is 5 bytes; AES-256 needs 32"
                + " (head -c 32 /dev/urandom | base64)");
  }

  @Test
  void withoutKeysOrCertificatesTheSettingsArePlain() {
    var settings =
        new TemporalConfig()
            .temporalSettings(
                TEMPORAL, new TemporalTlsProperties(null, null, null), new CodecKeysProperties(""));

    assertThat(settings.encryption()).isEmpty();
    assertThat(settings.mutualTls()).isEmpty();
  }
}
