package dev.rewind.api.codec;

import dev.rewind.api.temporal.TemporalProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets the Temporal UI, and only it, call the codec endpoint from the browser: preflight and POST
 * from the configured origins; any other origin gets 403 and no CORS headers. Credentials are
 * allowed so the UI's "include cross-origin credentials" setting works too; the origins are exact.
 * (A bean rather than a {@code WebMvcConfigurer} class, so other controllers' web slices leave it
 * out.)
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CodecEndpointProperties.class)
class CodecCors {

  @Bean
  WebMvcConfigurer codecCorsMapping(
      CodecEndpointProperties properties, TemporalProperties temporal) {
    String[] origins = properties.allowedOrigins(temporal.ui()).toArray(String[]::new);
    return new WebMvcConfigurer() {
      @Override
      public void addCorsMappings(CorsRegistry registry) {
        registry
            .addMapping("/codec/**")
            .allowedOrigins(origins)
            .allowedMethods(HttpMethod.POST.name())
            .allowedHeaders(
                HttpHeaders.CONTENT_TYPE,
                HttpHeaders.AUTHORIZATION,
                "X-Namespace",
                "Authorization-Extras")
            .allowCredentials(true)
            .maxAge(600);
      }
    };
  }
}
