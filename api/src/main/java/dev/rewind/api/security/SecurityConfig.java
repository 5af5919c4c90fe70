package dev.rewind.api.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts every {@code /api} call behind a bearer token with its role, and everything else but the
 * health probes and the codec endpoint (its own tokens) behind a token of any role.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
class SecurityConfig implements WebMvcConfigurer {
  private final ApiTokens tokens;

  SecurityConfig(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new BearerTokenInterceptor(tokens)).addPathPatterns("/api/**");
  }

  @Bean
  FilterRegistrationBean<OperationsTokenFilter> operationsTokenFilter() {
    return new FilterRegistrationBean<>(new OperationsTokenFilter(tokens));
  }
}
