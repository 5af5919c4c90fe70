package dev.rewind.workflows.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every payload Rewind writes to Temporal with AES-256-GCM: the whole payload (its
 * metadata and data) is sealed under a fresh random 12-byte nonce and replaced by one whose {@code
 * encoding} is {@code binary/encrypted}, whose {@code encryption-key-id} names the key, and whose
 * data is the nonce followed by the ciphertext and tag — the layout of Temporal's encryption
 * samples, so their codec servers can read it with the same key. Decoding leaves payloads of any
 * other encoding as they are, so histories written before encryption was switched on still read.
 */
public final class AesGcmCodec implements PayloadCodec {
  /** The {@code encoding} of an encrypted payload. */
  public static final String ENCODING = "binary/encrypted";

  /** The metadata key naming the key a payload was encrypted with. */
  public static final String KEY_ID = "encryption-key-id";

  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);
  private static final String CIPHER = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final CodecKeys keys;
  private final SecureRandom random = new SecureRandom();

  public AesGcmCodec(CodecKeys keys) {
    this.keys = keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  /** Whether {@code payload} is one this codec wrote (or one written with the same layout). */
  public static boolean isEncrypted(Payload payload) {
    return ENCODING_BYTES.equals(payload.getMetadataMap().get(EncodingKeys.METADATA_ENCODING_KEY));
  }

  private Payload encrypt(Payload plain) {
    if (isEncrypted(plain)) {
      return plain;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      sealed =
          cipher(Cipher.ENCRYPT_MODE, keys.encryptingKey(), nonce).doFinal(plain.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("AES-GCM encryption failed", e);
    }
    return Payload.newBuilder()
        .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ENCODING_BYTES)
        .putMetadata(KEY_ID, ByteString.copyFromUtf8(keys.encryptingKeyId()))
        .setData(ByteString.copyFrom(nonce).concat(ByteString.copyFrom(sealed)))
        .build();
  }

  private Payload decrypt(Payload payload) {
    if (!isEncrypted(payload)) {
      return payload;
    }
    ByteString idBytes = payload.getMetadataMap().get(KEY_ID);
    if (idBytes == null) {
      throw new PayloadCodecException(
          "an encrypted payload carries no " + KEY_ID + ": it was not written by Rewind's codec");
    }
    String keyId = idBytes.toStringUtf8();
    SecretKey key =
        keys.find(keyId)
            .orElseThrow(
                () ->
                    new PayloadCodecException(
                        "a payload is encrypted with key id '"
                            + keyId
                            + "', which the codec keys file "
                            + keys.file()
                            + " does not hold: add that key (keep old keys after a rotation)"));
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw refused(keyId, "it is too short to hold a nonce and a tag", null);
    }
    byte[] plain;
    try {
      plain =
          cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(data, NONCE_BYTES))
              .doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw refused(keyId, "its authentication tag does not match (altered or truncated)", e);
    } catch (GeneralSecurityException e) {
      throw refused(keyId, e.toString(), e);
    }
    try {
      return Payload.parseFrom(plain);
    } catch (InvalidProtocolBufferException e) {
      throw refused(keyId, "it does not hold a payload", e);
    }
  }

  private static PayloadCodecException refused(String keyId, String why, Throwable cause) {
    return new PayloadCodecException(
        "a payload encrypted with key id '" + keyId + "' cannot be decrypted: " + why, cause);
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(CIPHER);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    return cipher;
  }
}
