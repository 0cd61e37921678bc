import { html, nothing, type ReactiveController, type ReactiveControllerHost } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { filterTimeZones, type TimeZoneOption, timeZoneOptions, zoneLabel } from "./time-zones.ts";

/** What the picker shows around the list, in the element's language. */
export interface TimeZoneComboboxView {
  /** The chosen zone (the draft, not yet saved). */
  readonly value: string;
  readonly label: string;
  readonly hint: string;
  /** A message under the field when the choice cannot be saved. */
  readonly error?: string | undefined;
  /** "12 time zones match.", announced while the customer types. */
  matches(count: number, query: string): string;
}

/** How many options to move with Page Up and Page Down. */
const PAGE = 10;

/**
 * A searchable time zone picker, the ARIA 1.2 "editable combobox with list
 * autocomplete": typing filters the list, the arrow keys move through it
 * (the input keeps focus, `aria-activedescendant` names the option), Enter
 * picks, Escape closes and restores the chosen zone. Only the open list
 * renders its options, so the ~400 zones cost nothing while it is closed.
 *
 * A controller rather than an element of its own, so it needs no tag name.
 */
export class TimeZoneCombobox implements ReactiveController {
  /** What the customer typed; `undefined` while the input shows the chosen zone. */
  #query: string | undefined;
  #open = false;
  #active = -1;
  #scrollPending = false;
  #value = "";

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode },
    private readonly onChange: (zone: string) => void,
    private readonly idPrefix = "zone",
  ) {
    host.addController(this);
  }

  get isOpen(): boolean {
    return this.#open;
  }

  hostUpdated(): void {
    if (!this.#scrollPending) return;
    this.#scrollPending = false;
    const option = this.host.renderRoot.querySelector(`#${this.#activeId()}`);
    option?.scrollIntoView({ block: "nearest" });
  }

  render(view: TimeZoneComboboxView) {
    this.#value = view.value;
    const options = this.#options();
    const id = this.idPrefix;
    const active = this.#open ? options[this.#active] : undefined;
    const describedBy = [`${id}-hint`, view.error ? `${id}-error` : ""].filter(Boolean).join(" ");
    const shown = this.#query ?? zoneLabel(view.value);
    return html`
      <div part="field zone-field" class="field">
        <label part="label" class="label" for="${id}-input">${view.label}</label>
        <p part="hint" class="hint" id="${id}-hint">${view.hint}</p>
        <div class="combobox">
          <input
            part="input zone-input"
            class="input"
            id="${id}-input"
            type="text"
            role="combobox"
            autocomplete="off"
            spellcheck="false"
            aria-autocomplete="list"
            aria-expanded=${this.#open ? "true" : "false"}
            aria-controls="${id}-listbox"
            aria-activedescendant=${active === undefined ? nothing : this.#optionId(active)}
            aria-describedby=${describedBy}
            aria-invalid=${view.error ? "true" : "false"}
            .value=${shown}
            @input=${this.#onInput}
            @keydown=${this.#onKeydown}
            @blur=${this.#onBlur}
            @click=${this.#onClick}
          />
          <ul
            part="zone-listbox"
            class="listbox"
            id="${id}-listbox"
            role="listbox"
            aria-label=${view.label}
            ?hidden=${!this.#open || options.length === 0}
          >
            ${
              this.#open
                ? repeat(
                    options,
                    (option) => option.id,
                    (option, index) => this.#renderOption(option, index, view.value),
                  )
                : nothing
            }
          </ul>
        </div>
        ${
          view.error
            ? html`<p part="field-error" class="field-error" id="${id}-error">${view.error}</p>`
            : nothing
        }
        <p class="visually-hidden" role="status">
          ${this.#open && this.#query ? view.matches(options.length, this.#query) : ""}
        </p>
      </div>
    `;
  }

  #renderOption(option: TimeZoneOption, index: number, chosen: string) {
    const active = index === this.#active;
    return html`<li
      part=${active ? "zone-option zone-option-active" : "zone-option"}
      class=${active ? "option option--active" : "option"}
      id=${this.#optionId(option)}
      role="option"
      aria-selected=${active ? "true" : "false"}
      @mousedown=${(event: Event) => event.preventDefault()}
      @click=${() => this.#choose(option)}
    >
      <span class="option-check" aria-hidden="true">${option.id === chosen ? "✓" : ""}</span>
      <span class="option-label">${option.label}</span>
      <span class="option-offset">${option.offset}</span>
    </li>`;
  }

  #options(): readonly TimeZoneOption[] {
    const all = timeZoneOptions(this.#value ? [this.#value] : []);
    return this.#query === undefined ? all : filterTimeZones(all, this.#query);
  }

  #optionId(option: TimeZoneOption): string {
    return `${this.idPrefix}-option-${option.id.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  }

  #activeId(): string {
    const option = this.#options()[this.#active];
    return option === undefined ? "none" : this.#optionId(option);
  }

  #openList(active: number): void {
    this.#open = true;
    this.#move(active);
  }

  #move(index: number): void {
    const count = this.#options().length;
    this.#active = count === 0 ? -1 : Math.max(0, Math.min(count - 1, index));
    this.#scrollPending = true;
    this.host.requestUpdate();
  }

  #close(): void {
    this.#open = false;
    this.#query = undefined;
    this.#active = -1;
    this.host.requestUpdate();
  }

  #choose(option: TimeZoneOption): void {
    this.#close();
    this.onChange(option.id);
  }

  #indexOfValue(): number {
    return Math.max(
      0,
      this.#options().findIndex((option) => option.id === this.#value),
    );
  }

  #onInput = (event: InputEvent): void => {
    this.#query = (event.currentTarget as HTMLInputElement).value;
    this.#openList(0);
  };

  #onClick = (): void => {
    if (this.#open) this.#close();
    else this.#openList(this.#indexOfValue());
  };

  #onBlur = (): void => {
    if (this.#open || this.#query !== undefined) this.#close();
  };

  #onKeydown = (event: KeyboardEvent): void => {
    const step = this.#keyStep(event);
    if (step === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    step();
  };

  /** What a key does here; `undefined` leaves the key to the input (and Enter to the form). */
  #keyStep(event: KeyboardEvent): (() => void) | undefined {
    const open = this.#open;
    const option = this.#options()[this.#active];
    switch (event.key) {
      case "ArrowDown":
        if (!open) return () => this.#openList(this.#indexOfValue());
        return event.altKey ? () => undefined : () => this.#move(this.#active + 1);
      case "ArrowUp":
        return open
          ? () => this.#move(this.#active - 1)
          : () => this.#openList(this.#indexOfValue());
      case "PageDown":
        return open ? () => this.#move(this.#active + PAGE) : undefined;
      case "PageUp":
        return open ? () => this.#move(this.#active - PAGE) : undefined;
      case "Enter":
        return open && option !== undefined ? () => this.#choose(option) : undefined;
      case "Escape":
        return open || this.#query !== undefined ? () => this.#close() : undefined;
      default:
        return undefined;
    }
  }
}
