/**
 * The ways a request can contradict what is stored. Services throw these; the
 * HTTP edge turns them into 409/422 problems naming the field.
 */
export type InputErrorKind = "duplicate" | "unknown_reference" | "invalid_state" | "invalid_value";

export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    readonly kind: InputErrorKind,
    /** The request field at fault, as the API names it (`body.policyId`). */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** `field` already holds a value that must be unique. */
export const duplicate = (field: string, message = "already taken") =>
  new InputError("duplicate", field, message);

/** `field` names a thing that does not exist (or is not visible to the caller). */
export const unknownReference = (field: string, message = "refers to nothing") =>
  new InputError("unknown_reference", field, message);

/** The thing cannot make this change in its current state (e.g. reinstating a revoked license). */
export const invalidState = (field: string, message: string) =>
  new InputError("invalid_state", field, message);

/** `field` is well-formed but unusable with what is stored (e.g. renewing without days under a perpetual policy). */
export const invalidValue = (field: string, message: string) =>
  new InputError("invalid_value", field, message);
