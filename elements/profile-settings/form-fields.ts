import { html, nothing, type TemplateResult } from "lit";
import { ifDefined } from "lit/directives/if-defined.js";
import type { FieldMap } from "./profile-problems.ts";
import type { FormId } from "./profile-view.ts";

export interface FieldOptions {
  /** Unique in the element; also the `name` the form reads. */
  readonly id: string;
  readonly label: string;
  readonly type?: "text" | "email" | "password";
  readonly autocomplete: string;
  readonly value?: string;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly inputmode?: "numeric" | "email" | "text";
  readonly maxlength?: number;
  readonly mono?: boolean;
}

/**
 * A labelled input with its hint and its error right below it, tied to it by
 * `aria-describedby`, so a screen reader reads the reason when focus lands on
 * the field.
 */
export function renderField(options: FieldOptions): TemplateResult {
  const { id, label, type = "text", autocomplete, value, error, hint } = options;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return html`<div class="field">
    <label class="field-label" for=${id}>${label}</label>
    <input
      part="input"
      class="input ${options.mono ? "input--mono" : ""}"
      id=${id}
      name=${id}
      type=${type}
      autocomplete=${autocomplete}
      inputmode=${ifDefined(options.inputmode)}
      maxlength=${ifDefined(options.maxlength)}
      spellcheck="false"
      .value=${value ?? ""}
      aria-invalid=${error ? "true" : "false"}
      aria-describedby=${described || nothing}
    />
    ${hint ? html`<p class="field-hint" id="${id}-hint">${hint}</p>` : nothing}
    ${error ? html`<p part="field-error" class="field-error" id="${id}-error">${error}</p>` : nothing}
  </div>`;
}

/** A form-wide failure, announced at once. */
export function renderFormError(message: string | undefined) {
  return message === undefined
    ? nothing
    : html`<p part="form-error" class="form-error" role="alert">${message}</p>`;
}

/** A confirmation ("Your name is saved."), announced politely. */
export function renderNotice(message: string | undefined) {
  return html`<p part="notice" class="notice" role="status">${message ?? ""}</p>`;
}

/** A settings block: heading and one sentence on the left (on top when narrow), the form beside. */
export function renderSection(
  id: string,
  { title, intro }: { readonly title: string; readonly intro: string },
  body: unknown,
) {
  return html`<section part="section section-${id}" class="section" aria-labelledby="${id}-title">
    <div class="section-head">
      <h3 part="section-title" class="section-title" id="${id}-title">${title}</h3>
      <p class="section-intro">${intro}</p>
    </div>
    <div class="section-body">${body}</div>
  </section>`;
}

/** The values of a submitted form, by field name, trimmed unless they are passwords. */
export function formValues(event: SubmitEvent): Record<string, string> {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const values: Record<string, string> = {};
  for (const input of form.querySelectorAll("input")) {
    values[input.name] = input.type === "password" ? input.value : input.value.trim();
  }
  return values;
}

/** How each form names the API's fields. */
export const formFieldMaps: Record<FormId, FieldMap> = {
  name: { "body.name": { name: "name", required: "field.required.name" } },
  email: {
    "body.newEmail": { name: "newEmail", required: "field.required.email" },
    "body.password": { name: "emailPassword", required: "field.required.password" },
  },
  password: {
    "body.currentPassword": { name: "currentPassword", required: "field.required.password" },
    "body.newPassword": {
      name: "newPassword",
      required: "field.required.newPassword",
      password: true,
    },
  },
  setup: { "body.password": { name: "setupPassword", required: "field.required.password" } },
  enable: { "body.code": { name: "code", required: "field.required.code" } },
  disable: {
    "body.password": { name: "disablePassword", required: "field.required.password" },
    "body.code": { name: "disableCode", required: "field.required.code" },
  },
};

/** Empties a form's inputs, the password form's confirmation too. */
export function clearFormInputs(root: ParentNode, form: FormId): void {
  for (const name of Object.values(formFieldMaps[form]).map((field) => field.name)) {
    const input = root.querySelector<HTMLInputElement>(`#${name}`);
    if (input) input.value = "";
  }
  const confirm = root.querySelector<HTMLInputElement>("#confirmPassword");
  if (form === "password" && confirm) confirm.value = "";
}

/** After the next render, moves focus to the form's first field marked invalid. */
export async function focusFirstProblem(
  host: { readonly updateComplete: Promise<boolean>; readonly renderRoot: ParentNode },
  form: FormId,
): Promise<void> {
  await host.updateComplete;
  const names = [
    ...Object.values(formFieldMaps[form]).map((field) => field.name),
    "confirmPassword",
  ];
  for (const name of names) {
    const input = host.renderRoot.querySelector<HTMLInputElement>(`#${name}[aria-invalid="true"]`);
    if (input) return input.focus();
  }
}
