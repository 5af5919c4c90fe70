package dev.rewind.api.catalog;

import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the catalog at start-up: a bad catalog stops the API before it serves anything. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogProperties.class)
public class CatalogConfig {
  private static final Logger log = LoggerFactory.getLogger(CatalogConfig.class);

  @Bean
  Catalog catalog(CatalogProperties properties) {
    Catalog catalog = CatalogReader.read(properties.catalogFile());
    log.info(
        "catalog {}: {} hosts, {} services",
        catalog.source(),
        catalog.hosts().size(),
        catalog.services().size());
    return catalog;
  }
}
