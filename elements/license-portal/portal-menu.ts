import type { ReactiveControllerHost } from "lit";

/**
 * The sidebar as a menu under 720 px: the menu button opens and closes it,
 * focus goes to the first link on opening, and Escape closes it with focus
 * back on the button. The portal calls `moveFocus` after its own focus moves.
 */
export class PortalMenu {
  #open = false;
  #focus: "first-link" | "button" | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode },
  ) {}

  get open(): boolean {
    return this.#open;
  }

  close(): void {
    this.#setOpen(false);
  }

  toggle = (): void => {
    this.#setOpen(!this.#open);
    this.#focus = this.#open ? "first-link" : undefined;
  };

  onNavKeydown = (event: KeyboardEvent): void => {
    if (event.key !== "Escape" || !this.#open) return;
    event.preventDefault();
    this.#setOpen(false);
    this.#focus = "button";
  };

  /** After a render: moves focus where the last toggle asked for it. */
  moveFocus(): void {
    if (this.#focus === undefined) return;
    const root = this.host.renderRoot;
    const target =
      this.#focus === "button"
        ? root.querySelector<HTMLElement>('[part~="menu-button"]')
        : root.querySelector<HTMLElement>('[part~="nav-link"]');
    this.#focus = undefined;
    target?.focus();
  }

  #setOpen(open: boolean): void {
    if (open === this.#open) return;
    this.#open = open;
    this.host.requestUpdate();
  }
}
