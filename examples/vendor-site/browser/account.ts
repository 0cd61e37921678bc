// The script of Acme's account pages, bundled by the site's build (esbuild) with the elements it
// uses from the installed @keyport/elements. The provider is registered first: a widget that
// upgrades before it would ask for a provider that does not answer yet.
// #region imports
import "@keyport/elements/portal-provider"; // the provider first
import "@keyport/elements/license-list";
import "@keyport/elements/activation-manager";
import "@keyport/elements/download-center";
import type { PortalProvider } from "@keyport/elements";

// #endregion imports

const provider = document.querySelector<PortalProvider>("portal-provider");
const notice = document.querySelector<HTMLElement>("#acme-notice");

// #region fetch-token
// Set in the same task as the imports above, before the elements' first update (a microtask),
// so no widget starts without it.
if (provider) {
  const tokenUrl = provider.dataset.tokenUrl ?? "/account/keyport-token";
  // Asked when there is no token yet and again after a 401 (an expired token). The token lives
  // in the widgets' memory only: no cookie of Keyport's, nothing in localStorage.
  provider.fetchToken = async () => {
    const response = await fetch(tokenUrl, {
      method: "POST",
      headers: { accept: "application/json" },
    });
    if (response.status === 401) {
      signIn(); // Acme's own session ended
      throw new Error("Signed out of Acme");
    }
    if (!response.ok) throw new Error(`Acme could not open your account (${response.status})`);
    const { token } = (await response.json()) as { token: string; expiresAt: string };
    return token;
  };
}
// #endregion fetch-token

// #region events
provider?.addEventListener("license-select", (event) => {
  location.assign(`/account/machines?license=${encodeURIComponent(event.detail.licenseId)}`);
});
provider?.addEventListener("activation-deactivated", (event) => {
  const { activation, deactivationsLeft } = event.detail;
  const left =
    deactivationsLeft === null
      ? ""
      : ` ${deactivationsLeft} deactivation${deactivationsLeft === 1 ? "" : "s"} left for now.`;
  say(`${activation.name ?? "The activation"} is deactivated; its slot is free.${left}`);
});
provider?.addEventListener("download-start", (event) => {
  say(
    `Downloading ${event.detail.asset.filename}. Check it against SHA-256 ${event.detail.asset.sha256}.`,
  );
});
provider?.addEventListener("keyport-signed-out", () => signIn());
// #endregion events

function say(message: string): void {
  if (notice) notice.textContent = message;
}

function signIn(): void {
  location.assign(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`);
}
