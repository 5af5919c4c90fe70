package dev.rewind.workflows.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteCodecTest {
  @TempDir Path dir;

  private CodecKeys keys(String name, String... lines) {
    return CodecKeys.read(KeyFiles.write(dir.resolve(name), lines));
  }

  private static Payload plain(String value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow();
  }

  private static String json(Payload... payloads) throws Exception {
    StringBuilder body = new StringBuilder("{\"payloads\": [");
    for (int i = 0; i < payloads.length; i++) {
      body.append(i == 0 ? "" : ", ").append(JsonFormat.printer().print(payloads[i]));
    }
    return body.append("]}").toString();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes());
  }

  @Test
  void decodeAnswersThePlaintextOfEncryptedPayloadsAndPlainOnesAsSent() throws Exception {
    CodecKeys keys = keys("keys", KeyFiles.line("k1"));
    Payload sealed = new AesGcmCodec(keys).encode(List.of(plain("restore billing"))).get(0);

    String answer = new RemoteCodec(Optional.of(keys)).decode(json(sealed, plain("names only")));

    assertEquals(
        "{\"payloads\":[{\"metadata\":{\"encoding\":\""
            + base64("json/plain")
            + "\"},\"data\":\""
            + base64("\"restore billing\"")
            + "\"},{\"metadata\":{\"encoding\":\""
            + base64("json/plain")
            + "\"},\"data\":\""
            + base64("\"names only\"")
            + "\"}]}",
        answer);
  }

  @Test
  void noPayloadsAnswerAnEmptyList() {
    assertEquals(
        "{\"payloads\":[]}", new RemoteCodec(Optional.empty()).decode("{\"payloads\": []}"));
  }

  @Test
  void aBodyThatIsNotPayloadsIsABadRequest() {
    RemoteCodec codec = new RemoteCodec(Optional.empty());

    RemoteCodec.Refused e =
        assertThrows(
            RemoteCodec.Refused.class, () -> codec.decode("{\"payloads\": [{\"data\": 7}]}"));

    assertEquals(RemoteCodec.Reason.UNREADABLE_BODY, e.reason());
    assertEquals("payloads", e.field());
    assertThrows(RemoteCodec.Refused.class, () -> codec.decode("not json"));
    assertThrows(
        RemoteCodec.Refused.class,
        () -> codec.decode("{\"payloads\": [{\"data\": \"%%% not base64\"}]}"));
  }

  @Test
  void aPayloadUnderAnUnknownKeyIsUndecodableNamingItsIndexAndKeyId() throws Exception {
    Payload sealed =
        new AesGcmCodec(keys("old", KeyFiles.line("k2024"))).encode(List.of(plain("x"))).get(0);
    RemoteCodec codec = new RemoteCodec(Optional.of(keys("keys", KeyFiles.line("k2026"))));

    RemoteCodec.Refused e =
        assertThrows(RemoteCodec.Refused.class, () -> codec.decode(json(plain("fine"), sealed)));

    assertEquals(RemoteCodec.Reason.UNDECODABLE_PAYLOAD, e.reason());
    assertEquals("payloads[1]", e.field());
    assertTrue(e.getMessage().contains("key id 'k2024'"), e.getMessage());
  }

  @Test
  void withoutKeysAnEncryptedPayloadIsUndecodableSayingSo() throws Exception {
    Payload sealed =
        new AesGcmCodec(keys("keys", KeyFiles.line("k1"))).encode(List.of(plain("x"))).get(0);

    RemoteCodec.Refused e =
        assertThrows(
            RemoteCodec.Refused.class,
            () -> new RemoteCodec(Optional.empty()).decode(json(sealed)));

    assertTrue(e.getMessage().contains("REWIND_CODEC_KEYS is not set"), e.getMessage());
  }
}
