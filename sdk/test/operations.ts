/** Operations no client wraps on purpose: the health checks and the signed `/dl` links (plain URLs). */
export const NOT_WRAPPED = [/^(GET|HEAD) \/dl\//, /^GET \/(healthz|readyz)$/];

/** `METHOD /path/{param}` of every operation in an OpenAPI document whose path matches `prefix`. */
export function documentedOperations(document: Record<string, unknown>, prefix: RegExp): string[] {
  const paths = document.paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => /^(get|head|post|put|patch|delete)$/.test(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    )
    .filter((operation) => prefix.test(operation.split(" ")[1]!))
    .filter((operation) => !NOT_WRAPPED.some((pattern) => pattern.test(operation)))
    .sort();
}

/** Maps concrete calls (`GET /v1/licenses/lic_…`) back to the operation templates they match. */
export function templatesOf(calls: readonly string[], templates: readonly string[]): string[] {
  const matched = calls.map((call) => {
    const template = templates.find((candidate) => {
      const pattern = candidate.replace(/\{[^}]+\}/g, "[^/]+");
      return new RegExp(`^${pattern}$`).test(call);
    });
    return template ?? `undocumented: ${call}`;
  });
  return [...new Set(matched)].sort();
}
