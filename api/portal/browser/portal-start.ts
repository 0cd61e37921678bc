// The standalone portal's page script (built into dist/portal/portal-start.js by the server's
// build; runs in the browser after the elements' bundle). It mounts <portal-provider> with the
// shell element. Until <license-portal> is registered it falls back to <login-form> and, once
// signed in, every portal element the bundle registers.
import type { LoginForm, LoginFormMode, PortalProvider } from "@keyport/elements";

/** The portal shell. Once the bundle registers it, the page shows it and nothing else. */
const SHELL = "license-portal";

/** The areas the fallback shows when signed in, in the sidebar's order, if registered. */
const AREAS = [
  "account-dashboard",
  "license-list",
  "activation-manager",
  "download-center",
  "profile-settings",
  "account-settings",
] as const;

/** The mails' links: `/reset-password?token=…` and `/accept-invitation?token=…`. */
const LINK_MODES: Readonly<Record<string, LoginFormMode>> = {
  "/reset-password": "reset",
  "/accept-invitation": "invitation",
};

const WORDS = {
  en: {
    signedInAs: "Signed in as {name}",
    signOut: "Sign out",
    nothingYet: "You are signed in. The portal's pages are not installed on this server yet.",
    confirmSignIn: "Sign in to confirm your new email address.",
    emailConfirmed: "Your email address is changed to {email}.",
    emailLinkInvalid: "This link is not valid any more. Ask for a new one in Profile & Security.",
  },
  de: {
    signedInAs: "Angemeldet als {name}",
    signOut: "Abmelden",
    nothingYet:
      "Sie sind angemeldet. Die Seiten des Portals sind auf diesem Server noch nicht installiert.",
    confirmSignIn: "Melden Sie sich an, um Ihre neue E-Mail-Adresse zu bestätigen.",
    emailConfirmed: "Ihre E-Mail-Adresse ist jetzt {email}.",
    emailLinkInvalid:
      "Dieser Link gilt nicht mehr. Fordern Sie unter Profil & Sicherheit einen neuen an.",
  },
} as const;

type Word = keyof (typeof WORDS)["en"];

function say(provider: PortalProvider, word: Word, params: Record<string, string> = {}): string {
  const locale = provider.portalValue.locale;
  return WORDS[locale][word].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string } = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  return node;
}

function notice(text: string, role: "status" | "alert" = "status"): HTMLElement {
  const node = element("p", { className: `portal-notice portal-notice--${role}`, text });
  node.setAttribute("role", role);
  return node;
}

async function start(): Promise<void> {
  const main = document.getElementById("portal");
  if (main === null) return;
  await customElements.whenDefined("portal-provider");
  const provider = document.createElement("portal-provider");
  main.replaceChildren(provider);
  if (customElements.get(SHELL) !== undefined) {
    const shell = document.createElement(SHELL);
    shell.setAttribute("theme", "auto");
    provider.append(shell);
    return;
  }
  const url = new URL(location.href);
  const token = url.searchParams.get("token") ?? undefined;
  const linkMode = LINK_MODES[url.pathname];
  if (linkMode !== undefined) {
    showLogin(provider, linkMode, token);
    return;
  }
  const session = await provider.sessionComplete;
  const emailToken = url.pathname === "/confirm-email" ? token : undefined;
  if (session === "signed-in") await showSignedIn(provider, emailToken);
  else showLogin(provider, "sign-in", undefined, emailToken);
}

function showLogin(
  provider: PortalProvider,
  mode: LoginFormMode,
  token?: string,
  emailToken?: string,
): void {
  const form = document.createElement("login-form") as LoginForm;
  form.setAttribute("theme", "auto");
  form.mode = mode;
  if (token !== undefined) form.token = token;
  form.addEventListener("password-reset", () => history.replaceState(null, "", "/"));
  form.addEventListener("signed-in", async () => {
    await provider.refresh();
    await showSignedIn(provider, emailToken);
  });
  const column = element("div", { className: "portal-sign-in" });
  if (emailToken !== undefined) column.append(notice(say(provider, "confirmSignIn")));
  column.append(form);
  provider.replaceChildren(column);
  void form.updateComplete.then(() => form.focus());
}

async function showSignedIn(provider: PortalProvider, emailToken?: string): Promise<void> {
  const view = element("div", { className: "portal-signed-in" });
  const bar = element("div", { className: "portal-user-bar" });
  const me = provider.me;
  bar.append(element("span", { text: say(provider, "signedInAs", { name: me?.name ?? "" }) }));
  const signOut = element("button", { className: "portal-button", text: say(provider, "signOut") });
  signOut.type = "button";
  signOut.addEventListener("click", async () => {
    await provider.client.auth.logout().catch(() => undefined);
    await provider.refresh();
    history.replaceState(null, "", "/");
    showLogin(provider, "sign-in");
  });
  bar.append(signOut);
  view.append(bar);
  if (emailToken !== undefined) {
    history.replaceState(null, "", "/");
    try {
      const changed = await provider.client.me.confirmEmail({ token: emailToken });
      provider.updateMe(changed);
      view.append(notice(say(provider, "emailConfirmed", { email: changed.email })));
    } catch {
      view.append(notice(say(provider, "emailLinkInvalid"), "alert"));
    }
  }
  const areas = AREAS.filter((tag) => customElements.get(tag) !== undefined);
  if (areas.length === 0) view.append(notice(say(provider, "nothingYet")));
  for (const tag of areas) {
    const area = document.createElement(tag);
    area.setAttribute("theme", "auto");
    const section = element("section", { className: "portal-area" });
    section.append(area);
    view.append(section);
  }
  view.addEventListener("license-select", (event) => {
    if (customElements.get("license-detail") === undefined) return;
    const detail = document.createElement("license-detail");
    detail.setAttribute("theme", "auto");
    detail.setAttribute(
      "license-id",
      (event as CustomEvent<{ licenseId: string }>).detail.licenseId,
    );
    view.querySelector(".portal-area--detail")?.remove();
    const section = element("section", { className: "portal-area portal-area--detail" });
    section.append(detail);
    bar.after(section);
    section.scrollIntoView({ block: "start" });
  });
  view.addEventListener("keyport-signed-out", () => showLogin(provider, "sign-in"), { once: true });
  provider.replaceChildren(view);
}

void start();
