// Type helpers that read an operation of the generated `paths` the way the
// clients need it: the JSON body it takes, its query, and its success answer.

type SuccessStatus = 200 | 201 | 202 | 204;

type JsonContent<Response> = Response extends {
  readonly content: { readonly "application/json": infer Body };
}
  ? Body
  : undefined;

/** The JSON body of an operation's success answers (`undefined` for 204). */
export type ResultOf<Operation> = Operation extends { readonly responses: infer Responses }
  ? JsonContent<Responses[Extract<keyof Responses, SuccessStatus>]>
  : never;

/** The JSON request body of an operation. */
export type BodyOf<Operation> = Operation extends {
  readonly requestBody?: { readonly content: { readonly "application/json": infer Body } };
}
  ? Body
  : never;

/** The query parameters of an operation. */
export type QueryOf<Operation> = Operation extends {
  readonly parameters: { readonly query?: infer Query };
}
  ? NonNullable<Query>
  : never;

/** One page of a list: its items and the cursor of the next page (`null` on the last). */
export interface Page<Item> {
  readonly data: readonly Item[];
  readonly nextCursor: string | null;
}

/** The item type of a list operation. */
export type ItemOf<Operation> = ResultOf<Operation> extends Page<infer Item> ? Item : never;
