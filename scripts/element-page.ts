// A vendor-like page on its own origin that loads every element (built from the sources with
// esbuild) and shows one of them inside a <portal-provider>, for screenshots against the real API.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";

export interface ElementPage {
  /** The page's origin, e.g. `http://127.0.0.1:41235`, to allow on the API. */
  readonly origin: string;
  close(): Promise<void>;
}

/** A CSP as strict as a careful vendor's: nothing inline, scripts and styles from this origin only. */
const PAGE_CSP = (apiBase: string) =>
  `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ${apiBase}; frame-ancestors 'none'`;

const PAGE_CSS = `
  body { margin: 0; padding: 24px; font-family: system-ui, sans-serif; background: #f6f7f9; color: #111827; }
  body.dark { background: #0b0c0f; color: #e5e7eb; }
  @media (max-width: 480px) { body { padding: 8px; } }
`;

/** Reads the query and puts the element in place; attributes come from `attr.<name>` parameters. */
const PAGE_SCRIPT = `
  // Anything the strict CSP blocks (an inline style attribute, eval) is a bug: report it.
  document.addEventListener("securitypolicyviolation", (event) =>
    console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI));
  const query = new URLSearchParams(location.search);
  const provider = document.createElement("portal-provider");
  provider.setAttribute("api-base", query.get("api"));
  provider.setAttribute("locale", query.get("locale") ?? "en");
  provider.setAttribute("timezone", "Europe/Berlin");
  provider.token = query.get("token");
  const element = document.createElement(query.get("tag"));
  const theme = query.get("theme") ?? "light";
  element.setAttribute("theme", theme);
  document.body.classList.toggle("dark", theme === "dark");
  document.documentElement.lang = query.get("locale") ?? "en";
  for (const [name, value] of query) if (name.startsWith("attr.")) element.setAttribute(name.slice(5), value);
  provider.append(element);
  document.body.append(provider);
`;

/**
 * Serves the page at every path. `GET /?tag=license-list&api=…&token=…&theme=dark&locale=de&attr.license-id=…`.
 *
 * @example
 * const page = await startElementPage();
 * await browserPage.goto(`${page.origin}/?tag=license-list&api=${apiBase}&token=${token}`);
 */
export async function startElementPage(): Promise<ElementPage> {
  const bundle = await build({
    entryPoints: [new URL("../elements/define.ts", import.meta.url).pathname],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["keyport:source"],
    write: false,
    logLevel: "silent",
  });
  const bundleText = bundle.outputFiles[0]!.text;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://page");
    const api = url.searchParams.get("api") ?? "";
    const send = (type: string, body: string) => {
      response.writeHead(200, { "Content-Type": type, "Content-Security-Policy": PAGE_CSP(api) });
      response.end(body);
    };
    if (url.pathname === "/elements.js") return send("text/javascript", bundleText);
    if (url.pathname === "/page.js") return send("text/javascript", PAGE_SCRIPT);
    if (url.pathname === "/page.css") return send("text/css", PAGE_CSS);
    // Every other path is the page, so an element that routes with the History API
    // (<license-portal>) can be opened at a deep link.
    if (request.method === "GET") {
      return send(
        "text/html; charset=utf-8",
        `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keyport elements</title><link rel="stylesheet" href="/page.css">
<script type="module" src="/elements.js"></script><script type="module" src="/page.js"></script></head><body></body></html>`,
      );
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
