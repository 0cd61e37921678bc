// The standalone portal's page script (built into dist/portal/portal-start.js by the server's
// build; runs in the browser after the elements' bundle). It mounts <license-portal> inside a
// <portal-provider> on the page's own origin (the session cookie), with the vendor's name and
// logo from the page, and hides the page's own header, which the sidebar replaces.
import type { LicensePortal } from "@keyport/elements";

async function start(): Promise<void> {
  const main = document.getElementById("portal");
  if (main === null) return;
  await Promise.all([
    customElements.whenDefined("portal-provider"),
    customElements.whenDefined("license-portal"),
  ]);
  const provider = document.createElement("portal-provider");
  const shell = document.createElement("license-portal") as LicensePortal;
  shell.setAttribute("theme", "auto");
  const { productName, logoUrl } = main.dataset;
  if (productName) shell.setAttribute("product-name", productName);
  if (logoUrl) shell.setAttribute("logo-url", logoUrl);
  provider.append(shell);
  main.replaceChildren(provider);
  for (const header of document.querySelectorAll<HTMLElement>(".portal-header"))
    header.hidden = true;
}

void start();
