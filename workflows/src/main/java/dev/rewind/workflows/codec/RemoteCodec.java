package dev.rewind.workflows.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Temporal's remote codec protocol, the decoding half: the Temporal UI and CLI post {@code
 * {"payloads": [{"metadata": {"encoding": <base64>, ...}, "data": <base64>}]}} (protobuf JSON, so
 * every bytes value is base64) and get the same shape back with each payload decoded. Payloads that
 * are not encrypted come back unchanged. Encoding is not offered: Rewind's inputs are made by the
 * api, never typed into the UI.
 */
public final class RemoteCodec {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private final AesGcmCodec codec;

  /** Decodes with {@code keys}; without keys only unencrypted payloads can be answered. */
  public RemoteCodec(Optional<CodecKeys> keys) {
    this.codec = keys.map(AesGcmCodec::new).orElse(null);
  }

  /**
   * The answer to one {@code /decode} request body.
   *
   * @throws Refused when the body is not a payloads message, or a payload cannot be decrypted
   *     (unknown key id, altered ciphertext)
   */
  public String decode(String body) {
    Payloads.Builder request = Payloads.newBuilder();
    try {
      PARSER.merge(body, request);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new Refused(
          Reason.UNREADABLE_BODY,
          "payloads",
          "must be {\"payloads\": [{\"metadata\": {name: base64}, \"data\": base64}, ...]}: "
              + e.getMessage());
    }
    List<String> answer = new ArrayList<>();
    for (int i = 0; i < request.getPayloadsCount(); i++) {
      answer.add(print(decrypt(i, request.getPayloads(i))));
    }
    return "{\"payloads\":[" + String.join(",", answer) + "]}";
  }

  private Payload decrypt(int index, Payload payload) {
    if (!AesGcmCodec.isEncrypted(payload)) {
      return payload;
    }
    if (codec == null) {
      throw new Refused(
          Reason.UNDECODABLE_PAYLOAD,
          "payloads[" + index + "]",
          "is encrypted, and this process has no codec keys ("
              + TemporalSettings.CODEC_KEYS
              + " is not set)");
    }
    try {
      return codec.decode(List.of(payload)).get(0);
    } catch (PayloadCodecException e) {
      throw new Refused(Reason.UNDECODABLE_PAYLOAD, "payloads[" + index + "]", e.getMessage());
    }
  }

  private static String print(Payload payload) {
    try {
      return PRINTER.print(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a payload always prints as JSON", e);
    }
  }

  /** Why a request is refused: the caller's body, or a payload this process cannot decrypt. */
  public enum Reason {
    /** The body is not a payloads message (HTTP 400). */
    UNREADABLE_BODY,
    /** A payload is under a key id this process lacks, or altered (HTTP 422). */
    UNDECODABLE_PAYLOAD
  }

  /** A refused request, naming the part at fault ({@code payloads} or {@code payloads[i]}). */
  public static final class Refused extends RuntimeException {
    private final Reason reason;
    private final String field;

    Refused(Reason reason, String field, String message) {
      super(message);
      this.reason = reason;
      this.field = field;
    }

    public Reason reason() {
      return reason;
    }

    public String field() {
      return field;
    }
  }
}
