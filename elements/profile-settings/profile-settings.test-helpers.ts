/// <reference types="mocha" />
// Test-only: driving <profile-settings> the way a customer does.
import { fixture, html, waitUntil } from "@open-wc/testing";
import type { ProfileSettings } from "./profile-settings.ts";

export function text(node: Element | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

export async function settingsFixture(locale = "en", extra: { confirmToken?: string } = {}) {
  const el = await fixture<ProfileSettings>(
    html`<profile-settings api-base="https://api.example" token="t" locale=${locale}
      timezone="Europe/Berlin" confirm-token=${extra.confirmToken ?? (undefined as unknown as string)}></profile-settings>`,
  );
  await el.loadComplete;
  return el;
}

export const $ = <E extends Element = HTMLElement>(el: ProfileSettings, selector: string) =>
  el.shadowRoot!.querySelector<E & HTMLElement>(selector);

export const $$ = (el: ProfileSettings, selector: string) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(selector),
];

export const section = (el: ProfileSettings, name: string) => $(el, `[part~="section-${name}"]`)!;

/** Types into a field as a person would, so Lit's `.value` binding and the input agree. */
export function fill(el: ProfileSettings, id: string, value: string): void {
  const input = $<HTMLInputElement>(el, `#${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

/** Submits the form a field belongs to, with its own submit button. */
export async function submit(el: ProfileSettings, fieldId: string): Promise<void> {
  const form = $<HTMLInputElement>(el, `#${fieldId}`)!.form!;
  form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await el.updateComplete;
}

/** Waits until no button of the element says it is busy. */
export async function settled(el: ProfileSettings): Promise<void> {
  await waitUntil(
    () => !$$(el, "button").some((b) => (b as HTMLButtonElement).disabled),
    "an action still runs",
    {
      timeout: 3000,
    },
  );
  await el.updateComplete;
}

export function errorOf(el: ProfileSettings, id: string): string {
  const input = $(el, `#${id}`)!;
  const described = input.getAttribute("aria-describedby") ?? "";
  return described
    .split(" ")
    .filter((ref) => ref.endsWith("-error"))
    .map((ref) => text($(el, `#${ref}`)))
    .join(" ");
}
