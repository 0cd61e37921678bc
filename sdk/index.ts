export {
  type FieldError,
  KeyportError,
  keyportErrorFromResponse,
  type ProblemBody,
} from "./keyport-error.ts";
