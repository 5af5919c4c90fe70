package dev.rewind.workflows.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AesGcmCodecTest {
  private static final String SECRET = "password=hunter2-BILLING_DB";

  @TempDir Path dir;

  private AesGcmCodec codec(String name, String... lines) {
    return new AesGcmCodec(CodecKeys.read(KeyFiles.write(dir.resolve(name), lines)));
  }

  private static Payload plain(String value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow();
  }

  private static Payload one(List<Payload> payloads) {
    assertEquals(1, payloads.size());
    return payloads.get(0);
  }

  @Test
  void decodingWhatWasEncodedGivesBackThePayloadWithItsMetadata() {
    AesGcmCodec codec = codec("keys", KeyFiles.line("k1"));
    Payload original = plain(SECRET);

    Payload back = one(codec.decode(codec.encode(List.of(original))));

    assertEquals(original, back);
  }

  @Test
  void anEncryptedPayloadNamesItsKeyAndHoldsNoPlaintext() {
    AesGcmCodec codec = codec("keys", KeyFiles.line("k1"));

    Payload sealed = one(codec.encode(List.of(plain(SECRET))));

    assertEquals("binary/encrypted", sealed.getMetadataOrThrow("encoding").toStringUtf8());
    assertEquals("k1", sealed.getMetadataOrThrow(AesGcmCodec.KEY_ID).toStringUtf8());
    assertEquals(2, sealed.getMetadataCount());
    assertFalse(sealed.toByteString().toStringUtf8().contains("hunter2"));
    assertFalse(sealed.toByteString().toStringUtf8().contains("json/plain"));
  }

  @Test
  void theSameValueEncryptsDifferentlyEachTime() {
    AesGcmCodec codec = codec("keys", KeyFiles.line("k1"));

    Payload first = one(codec.encode(List.of(plain(SECRET))));
    Payload second = one(codec.encode(List.of(plain(SECRET))));

    assertNotEquals(first.getData(), second.getData());
    assertNotEquals(first.getData().substring(0, 12), second.getData().substring(0, 12));
  }

  @Test
  void afterARotationTheNewKeyEncryptsAndTheOldOneStillDecrypts() {
    String oldKey = KeyFiles.line("k2025");
    Payload writtenBefore = one(codec("before", oldKey).encode(List.of(plain(SECRET))));
    AesGcmCodec rotated = codec("after", KeyFiles.line("k2026"), oldKey);

    Payload writtenAfter = one(rotated.encode(List.of(plain(SECRET))));

    assertEquals("k2026", writtenAfter.getMetadataOrThrow(AesGcmCodec.KEY_ID).toStringUtf8());
    assertEquals(plain(SECRET), one(rotated.decode(List.of(writtenBefore))));
    assertEquals(plain(SECRET), one(rotated.decode(List.of(writtenAfter))));
  }

  @Test
  void aTamperedCiphertextIsRefused() {
    AesGcmCodec codec = codec("keys", KeyFiles.line("k1"));
    Payload sealed = one(codec.encode(List.of(plain(SECRET))));
    byte[] data = sealed.getData().toByteArray();
    data[data.length - 20] ^= 0x01;
    Payload tampered = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();

    PayloadCodecException e =
        assertThrows(PayloadCodecException.class, () -> codec.decode(List.of(tampered)));

    assertTrue(e.getMessage().contains("'k1'"), e.getMessage());
    assertTrue(e.getMessage().contains("authentication tag does not match"), e.getMessage());
  }

  @Test
  void aTruncatedCiphertextIsRefused() {
    AesGcmCodec codec = codec("keys", KeyFiles.line("k1"));
    Payload sealed = one(codec.encode(List.of(plain(SECRET))));
    Payload cut = sealed.toBuilder().setData(sealed.getData().substring(0, 20)).build();

    PayloadCodecException e =
        assertThrows(PayloadCodecException.class, () -> codec.decode(List.of(cut)));

    assertTrue(e.getMessage().contains("too short"), e.getMessage());
  }

  @Test
  void aPayloadUnderAnUnknownKeyIdFailsNamingTheKeyIdAndTheFile() {
    Payload sealed = one(codec("old", KeyFiles.line("k2024")).encode(List.of(plain(SECRET))));
    AesGcmCodec codec = codec("keys", KeyFiles.line("k2026"));

    PayloadCodecException e =
        assertThrows(PayloadCodecException.class, () -> codec.decode(List.of(sealed)));

    assertTrue(e.getMessage().contains("key id 'k2024'"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.resolve("keys").toString()), e.getMessage());
  }

  @Test
  void aPayloadEncryptedWithAnotherKeyOfTheSameIdIsRefused() {
    Payload sealed = one(codec("a", KeyFiles.line("k1")).encode(List.of(plain(SECRET))));
    AesGcmCodec other = codec("b", KeyFiles.line("k1"));

    assertThrows(PayloadCodecException.class, () -> other.decode(List.of(sealed)));
  }

  @Test
  void aPlaintextPayloadPassesDecodeUntouched() {
    AesGcmCodec codec = codec("keys", KeyFiles.line("k1"));
    Payload written = plain(SECRET);

    assertSame(written, one(codec.decode(List.of(written))));
  }

  @Test
  void anEncryptedPayloadIsNotEncryptedTwice() {
    AesGcmCodec codec = codec("keys", KeyFiles.line("k1"));
    Payload sealed = one(codec.encode(List.of(plain(SECRET))));

    assertSame(sealed, one(codec.encode(List.of(sealed))));
  }
}
