/// <reference types="mocha" />
import type { Downloads } from "@keyport/sdk";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { formatBytes } from "../internal/format.ts";
import { deferred } from "../internal/test-helpers.ts";
import "./define.ts";
import { studioDownloads } from "./download-center.fixtures.ts";
import type { DownloadCenter, DownloadStartDetail } from "./download-center.ts";
import { downloadMessages } from "./download-center-messages.ts";

const problem = (status: number, code: string) =>
  Response.json(
    { type: "about:blank", title: code, status, code },
    { status, headers: { "content-type": "application/problem+json" } },
  );

function text(node: Element | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

describe("<download-center>", () => {
  const realFetch = globalThis.fetch;
  let requests: Request[];
  let downloads: (request: Request) => Response | Promise<Response>;
  let link: (assetId: string, n: number) => Response;
  let written: string[];
  let followed: { href: string; download: string }[];

  const stopFollowing = (event: Event) => {
    // The element follows a hidden <a download>; the test records it instead of leaving the page.
    const anchor = event.composedPath()[0];
    if (anchor instanceof HTMLAnchorElement) {
      event.preventDefault();
      followed.push({ href: anchor.href, download: anchor.download });
    }
  };

  beforeEach(() => {
    requests = [];
    written = [];
    followed = [];
    downloads = () => Response.json(studioDownloads());
    link = (assetId, n) =>
      Response.json({
        url: `https://portal.example/dl/${assetId}/file?exp=1796035200&sub=usr_1&kid=k1&sig=s${n}`,
        expiresAt: "2026-11-30T09:10:00.000Z",
      });
    globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      const { pathname } = new URL(request.url);
      if (pathname === "/v1/downloads") return downloads(request);
      const match = pathname.match(/^\/v1\/assets\/([^/]+)\/link$/);
      if (match && request.method === "POST") {
        return link(match[1]!, requests.filter((r) => r.url.endsWith("/link")).length);
      }
      return problem(404, "NOT_FOUND");
    };
    Object.defineProperty(navigator, "clipboard", {
      configurable: true,
      value: { writeText: async (value: string) => void written.push(value) },
    });
    Object.defineProperty(navigator, "userAgentData", {
      configurable: true,
      value: { platform: "Windows" },
    });
    document.addEventListener("click", stopFollowing, true);
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
    delete (navigator as { clipboard?: unknown }).clipboard;
    delete (navigator as { userAgentData?: unknown }).userAgentData;
    document.removeEventListener("click", stopFollowing, true);
  });

  async function centerFixture(locale = "en", platform?: string) {
    const el = await fixture<DownloadCenter>(
      html`<download-center api-base="https://api.example" token="t" locale=${locale}
        timezone="Europe/Berlin" platform=${platform ?? (undefined as unknown as string)}></download-center>`,
    );
    await el.loadComplete;
    return el;
  }

  const root = (el: DownloadCenter) => el.shadowRoot!;
  const parts = (el: DownloadCenter, name: string, scope: ParentNode = root(el)) => [
    ...scope.querySelectorAll<HTMLElement>(`[part~="${name}"]`),
  ];
  const part = (el: DownloadCenter, name: string, scope?: ParentNode) => parts(el, name, scope)[0];
  const rowOf = (el: DownloadCenter, filename: string) =>
    parts(el, "asset").find((row) => text(row).includes(filename));
  const linkRequests = () => requests.filter((r) => r.url.endsWith("/link"));

  it("shows loading as a polite status", async () => {
    const held = deferred<Response>();
    downloads = () => held.promise;
    const el = await fixture<DownloadCenter>(
      html`<download-center api-base="https://api.example" token="t"></download-center>`,
    );
    expect(part(el, "state-loading")?.getAttribute("role")).to.equal("status");
    await expect(el).to.be.accessible();
    held.resolve(Response.json(studioDownloads()));
    await el.loadComplete;
    expect(el.status).to.equal("complete");
  });

  it("opens its outline at h2, for products, with their releases at h3 and no level skipped", async () => {
    const el = await centerFixture("en", "all");
    const levels = [...root(el).querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) =>
      Number(h.tagName.slice(1)),
    );
    expect(levels[0], "a product first, under the page's h1").to.equal(2);
    expect(levels.every((level, i) => i === 0 || level <= levels[i - 1]! + 1)).to.equal(true);
    for (const product of parts(el, "product")) {
      expect(product.querySelector(":scope > h2")?.id).to.equal(
        product.getAttribute("aria-labelledby"),
      );
      const releases = parts(el, "release", product);
      expect(releases.length).to.be.greaterThan(0);
      for (const release of releases) expect(release.querySelector("h3")).to.exist;
    }
  });

  it("lists products, releases newest first with Beta marked, and each file's facts", async () => {
    const el = await centerFixture("en", "all");
    expect(text(part(el, "product")?.querySelector("h2"))).to.equal("Acme Studio");
    const versions = parts(el, "release").map((r) => text(r.querySelector("h3")));
    expect(versions).to.deep.equal([
      "Acme Studio 3.1.0-beta.1",
      "Acme Studio 3.0.0",
      "Acme Studio 2.5.0",
    ]);
    expect(parts(el, "channel-badge").map((b) => text(b))).to.deep.equal(["Beta"]);
    expect(text(parts(el, "release")[0])).to.contain("Beta");

    const mac = rowOf(el, "studio-2.5.0.dmg")!;
    expect(text(mac)).to.contain("macOS · Universal");
    expect(text(mac)).to.contain(formatBytes(1_500_000, { locale: "en" }));
    const sha = part(el, "sha256", mac)!;
    const full = studioDownloads().data[0]!.releases[2]!.assets[0]!.sha256;
    expect(text(sha.querySelector("summary code"))).to.equal(
      `${full.slice(0, 10)}…${full.slice(-8)}`,
    );
    expect(text(sha.querySelector(".hash-full"))).to.equal(full);
    expect(getComputedStyle(sha.querySelector("code")!).fontFamily).to.match(/mono/i);
    await expect(el).to.be.accessible();
  });

  it("asks for a fresh link on every click and starts the download with it", async () => {
    const el = await centerFixture();
    const button = part(el, "download-button", rowOf(el, "studio-2.5.0.exe"))!;

    const first = oneEvent(el, "download-start");
    button.click();
    const { detail } = (await first) as CustomEvent<DownloadStartDetail>;
    expect(linkRequests().map((r) => new URL(r.url).pathname)).to.deep.equal([
      "/v1/assets/ast_250_win/link",
    ]);
    expect(detail.url).to.equal(
      "https://portal.example/dl/ast_250_win/file?exp=1796035200&sub=usr_1&kid=k1&sig=s1",
    );
    expect(detail.expiresAt).to.equal("2026-11-30T09:10:00.000Z");
    expect(detail.asset.filename).to.equal("studio-2.5.0.exe");
    expect(followed).to.deep.equal([{ href: detail.url, download: "studio-2.5.0.exe" }]);
    expect(root(el).querySelector("a"), "the link is removed again").to.equal(null);

    // A click while the link is being prepared is ignored; once it is done, the next one asks anew.
    button.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
    expect(linkRequests()).to.have.length(1);
    const second = oneEvent(el, "download-start");
    part(el, "download-button", rowOf(el, "studio-2.5.0.exe"))!.click();
    expect(((await second) as CustomEvent<DownloadStartDetail>).detail.url).to.match(/sig=s2$/);
    expect(linkRequests()).to.have.length(2);
    expect(followed).to.have.length(2);
  });

  it("leaves the link to the page when it cancels download-start", async () => {
    const el = await centerFixture();
    el.addEventListener("download-start", (event) => event.preventDefault(), { once: true });
    const started = oneEvent(el, "download-start");
    part(el, "download-button", rowOf(el, "studio-2.5.0.exe"))!.click();
    await started;
    expect(followed).to.have.length(0);
  });

  it("says so when the link is refused, and reports the error", async () => {
    link = () => problem(404, "NOT_FOUND");
    const el = await centerFixture();
    const failed = oneEvent(el, "keyport-error");
    part(el, "download-button", rowOf(el, "studio-2.5.0.exe"))!.click();
    await failed;
    await el.updateComplete;
    const alert = rowOf(el, "studio-2.5.0.exe")!.querySelector('[role="alert"]');
    expect(text(alert)).to.equal(downloadMessages("en", "download.gone"));
    expect(followed).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it("preselects the visitor's platform, keeping files for any platform", async () => {
    Object.defineProperty(navigator, "userAgentData", {
      configurable: true,
      value: { platform: "macOS" },
    });
    const el = await centerFixture();
    const select = part(el, "platform-select") as unknown as HTMLSelectElement;
    expect(select.value).to.equal("macos");
    const files = parts(el, "asset").map((row) => text(row.querySelector(".file-name")));
    expect(files).to.deep.equal(["studio-3.0.0-manual.pdf", "studio-2.5.0.dmg", "cloud-sync.zip"]);
    expect(text(parts(el, "release")[0])).to.contain("This release has no file for macOS.");

    select.value = "all";
    select.dispatchEvent(new Event("change"));
    await el.updateComplete;
    expect(parts(el, "asset")).to.have.length(7);
    expect([...select.options].map((o) => o.text)).to.deep.equal([
      "All platforms",
      "Windows",
      "macOS",
      "Linux",
    ]);
    await expect(el).to.be.accessible();
  });

  it("reads the platform from the user agent where userAgentData is missing", async () => {
    delete (navigator as { userAgentData?: unknown }).userAgentData;
    Object.defineProperty(navigator, "userAgentData", { configurable: true, value: undefined });
    Object.defineProperty(navigator, "userAgent", {
      configurable: true,
      value: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
    });
    try {
      const el = await centerFixture();
      expect((part(el, "platform-select") as unknown as HTMLSelectElement).value).to.equal("linux");
    } finally {
      delete (navigator as { userAgent?: unknown }).userAgent;
    }
  });

  it("shows releases the licenses do not cover greyed, with the API's reason", async () => {
    const el = await centerFixture("en", "all");
    const [beta, three, current] = parts(el, "release");
    expect(beta!.getAttribute("part")).to.contain("release-not-covered");
    expect(current!.getAttribute("part")).to.contain("release-covered");
    const reason = part(el, "release-reason", three)!;
    expect(text(reason)).to.equal(
      "Not covered by your maintenance Released on 2026-11-25 after your maintenance ended on 2026-11-20; renew to get 3.0.0.",
    );
    const blocked = part(
      el,
      "download-button",
      rowOf(el, "studio-3.0.0.exe"),
    )! as HTMLButtonElement;
    expect(blocked.disabled).to.equal(true);
    expect(blocked.getAttribute("aria-describedby")).to.equal(reason.id);
    // The manual of a newer version stays readable.
    expect(
      (part(el, "download-button", rowOf(el, "studio-3.0.0-manual.pdf")) as HTMLButtonElement)
        .disabled,
    ).to.equal(false);
    // A covered release's file that needs a missing feature says why on its own row.
    expect(text(part(el, "asset-reason", rowOf(el, "cloud-sync.zip")))).to.contain(
      "Your license does not include Cloud sync (cloud-sync).",
    );
    await expect(el).to.be.accessible();
  });

  it("copies a SHA-256 and announces it", async () => {
    const el = await centerFixture("en", "all");
    const row = rowOf(el, "studio-2.5.0.dmg")!;
    part(el, "copy-button", row)!.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
    expect(written).to.deep.equal([studioDownloads().data[0]!.releases[2]!.assets[0]!.sha256]);
    expect(text(part(el, "copy-button", rowOf(el, "studio-2.5.0.dmg")))).to.equal("✓ Copied");
    const live = root(el).querySelector('.visually-hidden[role="status"]');
    expect(text(live)).to.equal("SHA-256 of studio-2.5.0.dmg copied");
    await expect(el).to.be.accessible();
  });

  it("loads a product's older releases", async () => {
    const first = studioDownloads();
    const product = first.data[0]!;
    downloads = (request) => {
      const cursor = new URL(request.url).searchParams.get("cursor");
      if (cursor === null)
        return Response.json({
          data: [{ ...product, releases: product.releases.slice(0, 1), nextCursor: "c1" }],
        } satisfies Downloads);
      expect(new URL(request.url).searchParams.get("productId")).to.equal("prd_studio");
      return Response.json({
        data: [{ ...product, releases: product.releases.slice(1), nextCursor: null }],
      } satisfies Downloads);
    };
    const el = await centerFixture("en", "all");
    expect(parts(el, "release")).to.have.length(1);
    part(el, "more-button")!.click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await el.updateComplete;
    expect(parts(el, "release")).to.have.length(3);
    expect(part(el, "more-button")).to.equal(undefined);
  });

  it("teaches what appears here when there is nothing to download", async () => {
    downloads = () => Response.json({ data: [] });
    const el = await centerFixture();
    expect(el.status).to.equal("empty");
    expect(text(part(el, "state-empty")))
      .to.contain("No downloads yet")
      .and.contain("every product you hold a license for");
    await expect(el).to.be.accessible();
  });

  it("shows an error with Try again, and the signed-out state on a 401", async () => {
    downloads = () => problem(503, "UNAVAILABLE");
    const el = await centerFixture();
    expect(el.status).to.equal("error");
    await expect(el).to.be.accessible();
    downloads = () => Response.json(studioDownloads());
    part(el, "retry-button")!.click();
    await el.loadComplete;
    expect(el.status).to.equal("complete");

    downloads = () => problem(401, "UNAUTHORIZED");
    await el.reload();
    await el.loadComplete;
    expect(el.status).to.equal("signed-out");
    await expect(el).to.be.accessible();
  });

  it("speaks German, with no English string left", async () => {
    // The API words its reasons in the language the element asks for.
    const german = JSON.stringify(studioDownloads())
      .replace(/Released on [^"]+/g, "Nach dem Ende Ihrer Wartung veröffentlicht.")
      .replace(
        "Your license does not include Cloud sync (cloud-sync).",
        "Ihre Lizenz enthält Cloud sync nicht.",
      )
      .replace(/"notes":"[^"]*"/g, '"notes":null');
    downloads = () => Response.json(JSON.parse(german));
    const el = await centerFixture("de", "all");
    const shown = text(root(el) as unknown as Element);
    expect(shown).to.contain("Veröffentlicht am 5. Mai 2026");
    expect(shown).to.contain("Nicht von Ihrer Wartung abgedeckt");
    expect(shown).to.contain("1,5 MB");
    expect(requests[0]!.headers.get("accept-language")).to.equal("de");
    const { en } = downloadMessages.catalogues;
    const germanText = JSON.stringify(await downloadMessages.load("de"));
    for (const [key, template] of Object.entries(en)) {
      for (const fragment of (template as string).split(/\{\w+\}/)) {
        const words = fragment.trim();
        if (words.length > 4 && !germanText.includes(words)) {
          expect(shown, `${key}: "${words}"`).not.to.contain(words);
        }
      }
    }
    await expect(el).to.be.accessible();
  });

  it("stacks each file's facts when 360 px wide", async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <download-center api-base="https://api.example" token="t" platform="all"></download-center>
    </div>`);
    wrapper.style.width = "360px";
    const el = wrapper.querySelector("download-center")!;
    await el.loadComplete;
    const table = part(el, "assets")!;
    expect(getComputedStyle(table.querySelector("thead")!).display).to.equal("none");
    expect(getComputedStyle(table.querySelector("tr")!).display).to.equal("grid");
    expect(el.scrollWidth).to.be.at.most(360);
    await expect(el).to.be.accessible();
  });
});
