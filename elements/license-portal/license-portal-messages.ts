import { defineMessages } from "../internal/i18n.ts";

const en = {
  "nav.label": "Portal",
  "nav.dashboard": "Dashboard",
  "nav.licenses": "My Licenses",
  "nav.activations": "Activations",
  "nav.downloads": "Downloads",
  "nav.profile": "Profile & Security",
  "nav.settings": "Account Settings",
  "menu.open": "Menu",
  skip: "Skip to content",
  "user.label": "Signed in as",
  "sign-out": "Sign out",
  "signing-out": "Signing out…",
  "page.dashboard.title": "Dashboard",
  "page.dashboard.intro": "What needs your attention, and your licenses at a glance.",
  "page.dashboard.action": "Open My Licenses",
  "page.licenses.title": "My Licenses",
  "page.licenses.intro": "Your keys, what they cover, and how many seats are in use.",
  "page.licenses.action": "Get the software",
  "page.license.title": "License details",
  "page.license.intro":
    "One license's key, seats and rules, and a check of why your software may refuse it.",
  "page.license.back": "All licenses",
  "page.activations.title": "Activations",
  "page.activations.intro":
    "The machines and domains using your licenses; deactivate one to free its seat.",
  "page.downloads.title": "Downloads",
  "page.downloads.intro": "The installers and documents your licenses cover, with checksums.",
  "page.profile.title": "Profile & Security",
  "page.profile.intro": "Your name, email, password, signed-in devices and two-factor sign-in.",
  "page.settings.title": "Account Settings",
  "page.settings.intro": "Your language, time zone and the mails you get.",
  "page.not-found.title": "Page not found",
  "page.not-found.intro": "There is no page at this address. It may have moved.",
  "page.not-found.action": "Go to the dashboard",
  "page.sign-in.title": "Sign in",
  "page.reset-password.title": "Choose a new password",
  "page.accept-invitation.title": "Accept your invitation",
  "page.confirm-email.title": "Confirm your email address",
  "page.unavailable": "This page is not part of this portal yet.",
  "page.unavailable.hint": "Ask the portal's vendor to add it, or use another page meanwhile.",
  "page.loading": "Loading the portal…",
  "page.error": "The portal could not reach its server.",
  "page.error.hint": "Check your connection and try again in a moment.",
  retry: "Try again",
  "session.expired": "Your session has ended. Sign in again to continue where you were.",
  "license.activations": "Activations of this license",
};

/** A key of `portalMessages`. */
export type PortalMessageKey = keyof typeof en;

/** The shell's own words: navigation, page titles and their sentences. German in "Sie". */
export const portalMessages = defineMessages({
  en,
  de: () => import("./license-portal-messages-de.ts"),
});
