package dev.rewind.workflows.codec;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.context.SerializationContext;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

/**
 * The data converter of every Rewind client and worker. Workflow and activity arguments, results,
 * signals, queries, heartbeat details and failures (message and stack trace too) go through the
 * {@link CodecDataConverter} with the encrypting codec. Single values the SDK converts one by one —
 * the static summary and details of workflows, activities and timers, and a memo — stay plain, as
 * search attributes do: the operator lists and recognises rollbacks by them without the key, and
 * Rewind puts names there, never secrets. Reading accepts both, since the codec passes plain
 * payloads through.
 */
public final class EncryptingDataConverter implements DataConverter {
  private final DataConverter plain;
  private final CodecDataConverter sealed;

  private EncryptingDataConverter(DataConverter plain, CodecDataConverter sealed) {
    this.plain = plain;
    this.sealed = sealed;
  }

  /** The SDK's default conversion, then {@code codec}. */
  public static EncryptingDataConverter of(PayloadCodec codec) {
    DataConverter standard = DefaultDataConverter.newDefaultInstance();
    return new EncryptingDataConverter(
        standard, new CodecDataConverter(standard, List.of(codec), true));
  }

  @Override
  public <T> Optional<Payload> toPayload(T value) {
    return plain.toPayload(value);
  }

  @Override
  public <T> T fromPayload(Payload payload, Class<T> valueClass, Type valueType) {
    return sealed.fromPayload(payload, valueClass, valueType);
  }

  @Override
  public Optional<Payloads> toPayloads(Object... values) {
    return sealed.toPayloads(values);
  }

  @Override
  public <T> T fromPayloads(
      int index, Optional<Payloads> content, Class<T> valueType, Type valueGenericType) {
    return sealed.fromPayloads(index, content, valueType, valueGenericType);
  }

  @Override
  public Object[] fromPayloads(
      Optional<Payloads> content, Class<?>[] parameterTypes, Type[] genericParameterTypes) {
    return sealed.fromPayloads(content, parameterTypes, genericParameterTypes);
  }

  @Override
  public Failure exceptionToFailure(Throwable throwable) {
    return sealed.exceptionToFailure(throwable);
  }

  @Override
  public RuntimeException failureToException(Failure failure) {
    return sealed.failureToException(failure);
  }

  @Override
  public DataConverter withContext(SerializationContext context) {
    return new EncryptingDataConverter(plain.withContext(context), sealed.withContext(context));
  }
}
