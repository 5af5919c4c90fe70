package dev.rewind.workflows.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporalSettingsTest {
  @TempDir Path dir;

  private static Map<String, String> tls(Object cert, Object key, Object ca) {
    return Map.of(
        "REWIND_TEMPORAL_TLS_CERT", cert.toString(),
        "REWIND_TEMPORAL_TLS_KEY", key.toString(),
        "REWIND_TEMPORAL_TLS_CA", ca.toString());
  }

  private String refusal(Map<String, String> env) {
    return assertThrows(IllegalArgumentException.class, () -> TemporalSettings.fromEnvironment(env))
        .getMessage();
  }

  @Test
  void withoutVariablesItIsTheDevStackPlaintextAndUnencrypted() {
    TemporalSettings settings = TemporalSettings.fromEnvironment(Map.of());

    assertEquals("127.0.0.1:7233", settings.address());
    assertEquals("default", settings.namespace());
    assertTrue(settings.encryption().isEmpty());
    assertTrue(settings.mutualTls().isEmpty());
  }

  @Test
  void oneTlsVariableWithoutTheOthersIsRefusedNamingAllThree() {
    String message = refusal(Map.of("REWIND_TEMPORAL_TLS_CERT", "/etc/rewind/client.pem"));

    assertEquals(
        "REWIND_TEMPORAL_TLS_CERT, REWIND_TEMPORAL_TLS_KEY, REWIND_TEMPORAL_TLS_CA go together"
            + " (mutual TLS to Temporal needs all three, plaintext none):"
            + " REWIND_TEMPORAL_TLS_CERT set, REWIND_TEMPORAL_TLS_KEY, REWIND_TEMPORAL_TLS_CA"
            + " missing",
        message);
  }

  @Test
  void aBadKeyFileIsRefusedNamingTheVariableFileAndLine() {
    Path keys = KeyFiles.write(dir.resolve("codec-keys"), KeyFiles.line("k1"), "oops");

    String message = refusal(Map.of("REWIND_CODEC_KEYS", keys.toString()));

    assertEquals(
        "REWIND_CODEC_KEYS: codec keys file " + keys + " line 2: expected keyId=base64(32 bytes)",
        message);
  }

  @Test
  void aKeyFileTurnsEncryptionOn() {
    Path keys = KeyFiles.write(dir.resolve("codec-keys"), KeyFiles.line("k1"));

    TemporalSettings settings =
        TemporalSettings.fromEnvironment(Map.of("REWIND_CODEC_KEYS", keys.toString()));

    assertEquals("k1", settings.encryption().orElseThrow().encryptingKeyId());
  }

  @Test
  void aCertificateFileThatIsNotPemIsRefusedNamingItsVariable() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "rewind");
    TestCertificates.Issued client = ca.client("rewind-worker");
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");

    String message = refusal(tls(garbage, client.key(), ca.ca()));

    assertTrue(
        message.startsWith("REWIND_TEMPORAL_TLS_CERT (" + garbage + "): not a PEM certificate"),
        message);
  }

  @Test
  void aKeyThatIsNotPkcs8IsRefusedNamingItsVariable() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "rewind");
    TestCertificates.Issued client = ca.client("rewind-worker");

    String message = refusal(tls(client.cert(), ca.ca(), ca.ca()));

    assertTrue(message.startsWith("REWIND_TEMPORAL_TLS_KEY (" + ca.ca() + "): not"), message);
  }

  @Test
  void aMissingCaFileIsRefusedNamingItsVariable() {
    TestCertificates ca = TestCertificates.authority(dir, "rewind");
    TestCertificates.Issued client = ca.client("rewind-worker");

    String message = refusal(tls(client.cert(), client.key(), dir.resolve("absent.pem")));

    assertEquals(
        "REWIND_TEMPORAL_TLS_CA (" + dir.resolve("absent.pem") + "): the file cannot be read",
        message);
  }

  @Test
  void threeGoodFilesMakeATlsContextWithTheClientsSubject() {
    TestCertificates ca = TestCertificates.authority(dir, "rewind");
    TestCertificates.Issued client = ca.client("rewind-worker");

    TemporalSettings settings =
        TemporalSettings.fromEnvironment(tls(client.cert(), client.key(), ca.ca()));

    assertEquals("CN=rewind-worker", settings.mutualTls().orElseThrow().subject());
  }
}
