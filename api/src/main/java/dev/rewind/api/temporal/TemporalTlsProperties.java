package dev.rewind.api.temporal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Mutual TLS to Temporal: the client certificate ({@code REWIND_TEMPORAL_TLS_CERT}), its PKCS#8 key
 * ({@code REWIND_TEMPORAL_TLS_KEY}) and the CA that signed the frontend's certificate ({@code
 * REWIND_TEMPORAL_TLS_CA}), all PEM files; all three or none. Checked by {@link TemporalConfig}.
 */
@ConfigurationProperties("rewind.temporal.tls")
public record TemporalTlsProperties(String cert, String key, String ca) {}
