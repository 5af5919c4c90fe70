package dev.rewind.api.catalog;

import dev.rewind.api.web.FieldProblem;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogService;
import dev.rewind.catalog.ServiceEnvironment;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Finds a service's environment in the catalog for a request, or says which field names something
 * the catalog does not have, listing what it does have so the caller can fix the request.
 */
@Component
public class CatalogLookup {
  private final Catalog catalog;

  public CatalogLookup(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The environment, or null with a problem added for {@code service} or {@code environment}. */
  public ServiceEnvironment find(String service, String environment, List<FieldProblem> problems) {
    CatalogService found = service == null ? null : catalog.service(service).orElse(null);
    if (found == null) {
      problems.add(
          new FieldProblem(
              "service",
              "unknown service \""
                  + service
                  + "\" (the catalog has: "
                  + String.join(", ", catalog.services().keySet())
                  + ")"));
      return null;
    }
    ServiceEnvironment env =
        environment == null ? null : found.environment(environment).orElse(null);
    if (env == null) {
      problems.add(
          new FieldProblem(
              "environment",
              "service "
                  + found.name()
                  + " has no environment \""
                  + environment
                  + "\" (it has: "
                  + String.join(", ", found.environments().keySet())
                  + ")"));
    }
    return env;
  }
}
