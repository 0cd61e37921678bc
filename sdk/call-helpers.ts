import type { CallOptions, HttpClient } from "./http-client.ts";
import type { ItemOf, QueryOf } from "./operation-types.ts";
import { type PageQuery, type PageRequest, pageRequest } from "./pagination.ts";

/** The three call shapes every client method is made of: read, write, list. */
export interface CallHelpers {
  get<T>(path: string, query?: object, options?: CallOptions): Promise<T>;
  send<T>(
    method: "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    body?: unknown,
    options?: CallOptions,
  ): Promise<T>;
  /** A list method for `path`, typed from its operation: a page when awaited, all items with `for await`. */
  list<Operation>(
    path: string,
  ): (
    query?: QueryOf<Operation> & PageQuery,
    options?: CallOptions,
  ) => PageRequest<ItemOf<Operation>>;
}

/** Binds the call shapes to one fetch core. */
export function callHelpers(http: HttpClient): CallHelpers {
  const get = <T>(path: string, query?: object, { signal }: CallOptions = {}) =>
    http.request<T>({ method: "GET", path, query, signal });
  return {
    get,
    send: (method, path, body, { signal } = {}) => http.request({ method, path, body, signal }),
    list:
      (path) =>
      (query, options = {}) =>
        pageRequest((q, o) => get(path, q, o), query ?? {}, options),
  };
}

/** A path parameter, encoded so an id can never reach another route. */
export const pathId = encodeURIComponent;
