package dev.rewind.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.catalog.StartupProblem;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecEndpointPropertiesTest {

  @Test
  void withoutOriginsTheUisOwnOriginIsAllowed() {
    CodecEndpointProperties properties = new CodecEndpointProperties(null, null);

    assertThat(properties.allowedOrigins(URI.create("http://127.0.0.1:8233/namespaces")))
        .containsExactly("http://127.0.0.1:8233");
  }

  @Test
  void configuredOriginsReplaceTheDefault() {
    CodecEndpointProperties properties =
        new CodecEndpointProperties(
            List.of("http://127.0.0.1:8233", " http://localhost:8233"), null);

    assertThat(properties.allowedOrigins(URI.create("https://ui.example")))
        .containsExactly("http://127.0.0.1:8233", "http://localhost:8233");
  }

  @Test
  void anOriginWithAPathStopsStartUp() {
    assertThatThrownBy(() -> new CodecEndpointProperties(List.of("http://ui.example/app"), null))
        .isInstanceOf(StartupProblem.class)
        .hasMessageStartingWith("REWIND_CODEC_UI_ORIGIN");
  }

  @Test
  void aShortUiTokenStopsStartUp() {
    assertThatThrownBy(() -> new CodecEndpointProperties(null, "short"))
        .isInstanceOf(StartupProblem.class)
        .hasMessageStartingWith(
            "REWIND_CODEC_UI_TOKEN (rewind.codec.ui-token) must be at least 32");
  }
}
