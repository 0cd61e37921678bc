import { ContextEvent } from "@lit/context";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { type PortalContextValue, type PortalSession, portalContext } from "../internal/context.ts";
import { findPortalProvider, type PortalProviderLike } from "../internal/provider-link.ts";

/** What the session handling reads from and writes to the portal element. */
export interface PortalSessionHost extends ReactiveControllerHost, HTMLElement {
  /** The bearer token given to the portal's own provider; a sign-in in bearer mode sets it. */
  token?: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export interface PortalSessionOptions {
  /** The provider around the portal, through the context; `undefined` without one. */
  readonly providedPortal: () => PortalContextValue | undefined;
  /** Called once a sign-in reached the provider: the portal goes where the customer was. */
  readonly afterSignIn: () => void;
  /** Called once the provider knows the customer signed out. */
  readonly afterSignOut: () => void;
}

/**
 * The portal's session: which provider it works with (the one around it, or
 * its own, listened to through the context protocol as any element inside it
 * would), handing a sign-in's token to that provider, signing out, and telling
 * a session that ended (a 401 from a page) from a first visit without one.
 */
export class PortalSessionController implements ReactiveController {
  /** What our own provider shares, when there is no provider around the portal. */
  #ownPortal: PortalContextValue | undefined;
  /** A page reported a 401: the session ended while the provider still thinks it is signed in. */
  #sessionEnded = false;
  #signingOut = false;
  #wasSignedIn = false;
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: PortalSessionHost,
    private readonly options: PortalSessionOptions,
  ) {
    host.addController(this);
    // Only a session that was signed in can end; a first visit without one just signs in.
    host.addEventListener("keyport-signed-out", () => {
      if (!this.#signingOut && this.#wasSignedIn) this.#set({ sessionEnded: true });
    });
    host.addEventListener("signed-in", (event) => void this.#onSignedIn(event.detail.token));
  }

  get usesOwnProvider(): boolean {
    return this.options.providedPortal() === undefined;
  }

  get portal(): PortalContextValue | undefined {
    return this.options.providedPortal() ?? this.#ownPortal;
  }

  get session(): PortalSession {
    return this.portal?.session ?? "loading";
  }

  get sessionEnded(): boolean {
    return this.#sessionEnded;
  }

  get signingOut(): boolean {
    return this.#signingOut;
  }

  /** The provider the portal works with: the one around it, or its own. */
  get provider(): PortalProviderLike | undefined {
    if (this.usesOwnProvider) {
      return this.host.renderRoot.querySelector<PortalProviderLike>("portal-provider") ?? undefined;
    }
    return findPortalProvider(this.host);
  }

  hostUpdate(): void {
    if (this.session === "signed-in") this.#wasSignedIn = true;
  }

  hostUpdated(): void {
    if (this.usesOwnProvider && this.#unsubscribe === undefined) this.#subscribeToOwnProvider();
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#set({ ownPortal: undefined });
  }

  async signOut(): Promise<void> {
    if (this.#signingOut) return;
    this.#set({ signingOut: true });
    const provider = this.provider;
    try {
      await this.portal?.client?.auth.logout().catch(() => undefined);
      this.#handOver(provider, undefined);
      await this.host.updateComplete;
      await provider?.refresh();
      this.#wasSignedIn = false;
      this.#set({ sessionEnded: false });
      this.options.afterSignOut();
    } finally {
      this.#set({ signingOut: false });
    }
  }

  /** Sets the shown state; like a `@state()` field, an update follows only a change. */
  #set(patch: {
    readonly ownPortal?: PortalContextValue | undefined;
    readonly sessionEnded?: boolean;
    readonly signingOut?: boolean;
  }): void {
    let changed = false;
    if ("ownPortal" in patch && patch.ownPortal !== this.#ownPortal) {
      this.#ownPortal = patch.ownPortal;
      changed = true;
    }
    if (patch.sessionEnded !== undefined && patch.sessionEnded !== this.#sessionEnded) {
      this.#sessionEnded = patch.sessionEnded;
      changed = true;
    }
    if (patch.signingOut !== undefined && patch.signingOut !== this.#signingOut) {
      this.#signingOut = patch.signingOut;
      changed = true;
    }
    if (changed) this.host.requestUpdate();
  }

  /** Gives the provider the portal works with a new token (or none). */
  #handOver(provider: PortalProviderLike | undefined, token: string | undefined): void {
    if (this.usesOwnProvider) this.host.token = token;
    else if (provider !== undefined) provider.token = token;
  }

  /** Listens to our own provider the way an element inside it does, through the context protocol. */
  #subscribeToOwnProvider(): void {
    const root = this.host.renderRoot.querySelector(".portal");
    if (root === null || customElements.get("portal-provider") === undefined) return;
    root.dispatchEvent(
      new ContextEvent(
        portalContext,
        root,
        (value, unsubscribe) => {
          this.#set({ ownPortal: value });
          this.#unsubscribe = unsubscribe ?? (() => undefined);
        },
        true,
      ),
    );
  }

  async #onSignedIn(token: string | undefined): Promise<void> {
    const provider = this.provider;
    if (token !== undefined) {
      this.#handOver(provider, token);
      await this.host.updateComplete;
    }
    await (token === undefined ? provider?.refresh() : provider?.updateComplete);
    await provider?.sessionComplete;
    this.#set({ sessionEnded: false });
    this.options.afterSignIn();
  }
}
