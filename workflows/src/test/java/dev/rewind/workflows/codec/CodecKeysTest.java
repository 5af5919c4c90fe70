package dev.rewind.workflows.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecKeysTest {
  @TempDir Path dir;

  private String refusal(String... lines) {
    Path file = KeyFiles.write(dir.resolve("keys"), lines);
    return assertThrows(IllegalArgumentException.class, () -> CodecKeys.read(file)).getMessage();
  }

  @Test
  void theFirstKeyEncryptsAndCommentsAndBlankLinesAreSkipped() {
    Path file =
        KeyFiles.write(
            dir.resolve("keys"),
            "# rotated 2026-03",
            "",
            KeyFiles.line("k2026"),
            KeyFiles.line("k2025"));

    CodecKeys keys = CodecKeys.read(file);

    assertEquals("k2026", keys.encryptingKeyId());
    assertEquals(2, keys.size());
    assertTrue(keys.find("k2025").isPresent());
  }

  @Test
  void aLineWithoutEqualsSignIsRefusedNamingFileAndLine() {
    String message = refusal(KeyFiles.line("k1"), "k2");

    assertEquals(
        "codec keys file " + dir.resolve("keys") + " line 2: expected keyId=base64(32 bytes)",
        message);
  }

  @Test
  void aKeyOfTheWrongLengthIsRefusedWithoutShowingIt() {
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);

    String message = refusal("# keys", "k1=" + short16);

    assertTrue(message.contains(" line 2: the key of 'k1' is 16 bytes; AES-256 needs 32"), message);
    assertFalse(message.contains(short16), message);
  }

  @Test
  void aKeyThatIsNotBase64IsRefused() {
    assertTrue(refusal("k1=not base64!").endsWith("line 1: the key of 'k1' is not base64"));
  }

  @Test
  void aKeyIdTwiceIsRefused() {
    String message = refusal(KeyFiles.line("k1"), KeyFiles.line("k1"));

    assertTrue(message.endsWith("line 2: key id 'k1' appears twice"), message);
  }

  @Test
  void aKeyIdWithSpacesOrPunctuationIsRefused() {
    assertTrue(refusal(KeyFiles.line("my key")).contains("line 1: the key id must be"));
  }

  @Test
  void aFileWithoutKeysIsRefused() {
    assertTrue(refusal("# nothing yet").contains("holds no key"));
  }

  @Test
  void aMissingFileIsRefusedNamingIt() {
    Path missing = dir.resolve("absent");

    String message =
        assertThrows(IllegalArgumentException.class, () -> CodecKeys.read(missing)).getMessage();

    assertTrue(message.startsWith("codec keys file " + missing + " cannot be read"), message);
  }
}
