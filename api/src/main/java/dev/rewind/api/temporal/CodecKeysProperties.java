package dev.rewind.api.temporal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The file of payload keys ({@code REWIND_CODEC_KEYS}, {@code keyId=base64(32 bytes)} lines, the
 * first encrypts). Unset: payloads are written unencrypted, and the log says so at start-up.
 */
@ConfigurationProperties("rewind.codec")
public record CodecKeysProperties(String keys) {}
