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

/** `METHOD /path/{param}` → the operation's `operationId`, for every operation of a document. */
export function operationIdsOf(document: Record<string, unknown>): Map<string, string | undefined> {
  const paths = document.paths as Record<string, Record<string, { operationId?: string }>>;
  const ids = new Map<string, string | undefined>();
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!/^(get|head|post|put|patch|delete)$/.test(method)) continue;
      ids.set(`${method.toUpperCase()} ${path}`, operation.operationId);
    }
  }
  return ids;
}

/** The camelCase words of a name: `listLicenseValidations` → `list`, `License`, `Validations`. */
export function wordsOf(name: string): string[] {
  return name.split(/(?=[A-Z])/);
}
