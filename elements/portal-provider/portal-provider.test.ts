/// <reference types="mocha" />

import type { Me } from "@keyport/sdk";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import type { TemplateResult } from "lit";
import { browserTimeZone } from "../internal/context.ts";
import { defineMessages } from "../internal/i18n.ts";
import { KeyportElement } from "../internal/keyport-element.ts";
import "../internal/test-helpers.ts";
import { PortalProvider } from "./portal-provider.ts";

customElements.define("portal-provider", PortalProvider);

const messages = defineMessages({
  en: { count: { one: "{count} license", other: "{count} licenses" } },
  de: { count: { one: "{count} Lizenz", other: "{count} Lizenzen" } },
});

/** A widget the way real ones load: through `this.client`, with its own catalogue. */
class NamesWidget extends KeyportElement<string[]> {
  protected override async load(signal: AbortSignal): Promise<string[]> {
    const page = await this.client.licenses.list({ limit: 5 }, { signal });
    return page.data.map((license) => license.name);
  }

  protected override renderData(names: string[]) {
    return html`<p>${this.t(messages, "count", { count: names.length })}</p>`;
  }

  /** The settings this widget sees, for the test to read. */
  get seen() {
    return this.portal;
  }
}
customElements.define("test-names-widget", NamesWidget);

const ada: Me = {
  id: "usr_ada",
  email: "ada@example.com",
  name: "Ada",
  role: "owner",
  timezone: "Asia/Tokyo",
  locale: "de",
  twoFactorEnabled: false,
  account: { id: "acc_1", name: "Acme", kind: "organization" },
  createdAt: "2026-01-01T00:00:00.000Z",
};

const unauthorized = () =>
  Response.json(
    { type: "about:blank", title: "Unauthorized", status: 401, code: "UNAUTHORIZED" },
    { status: 401, headers: { "content-type": "application/problem+json" } },
  );

function text(node: Element | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

describe("<portal-provider>", () => {
  const realFetch = globalThis.fetch;
  let requests: Request[] = [];
  let me: () => Response = () => Response.json(ada);

  beforeEach(() => {
    requests = [];
    me = () => Response.json(ada);
    // The page's fetch stands in for the API; the clients under test are the real SDK.
    globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      const path = new URL(request.url).pathname;
      if (path === "/v1/me") return me();
      if (path === "/v1/licenses") {
        return Response.json({ data: [{ name: "Acme Studio" }], nextCursor: null });
      }
      return new Response(null, { status: 404 });
    };
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  const calls = (path: string) => requests.filter((r) => new URL(r.url).pathname === path);

  async function providerFixture(template: TemplateResult) {
    const provider = await fixture<PortalProvider>(template);
    const widgets = [...provider.querySelectorAll<NamesWidget>("test-names-widget")];
    await provider.sessionComplete;
    await Promise.all(widgets.map((widget) => widget.loadComplete));
    return { provider, widgets };
  }

  it("makes one /v1/me call and one fetchToken call for ten widgets", async () => {
    let tokenCalls = 0;
    const fetchToken = async () => {
      tokenCalls += 1;
      return "tok-shared";
    };
    const ten = Array.from({ length: 10 }, () => html`<test-names-widget></test-names-widget>`);
    const { provider, widgets } = await providerFixture(
      html`<portal-provider api-base="https://api.example" .fetchToken=${fetchToken}>
        ${ten}
      </portal-provider>`,
    );
    await widgets[0]!.updateComplete;

    expect(calls("/v1/me")).to.have.length(1);
    expect(tokenCalls).to.equal(1);
    expect(calls("/v1/licenses")).to.have.length(10);
    expect(requests.every((r) => r.headers.get("authorization") === "Bearer tok-shared")).to.equal(
      true,
    );
    expect(requests[0]!.url.startsWith("https://api.example/")).to.equal(true);
    for (const widget of widgets) {
      expect(widget.client).to.equal(provider.client);
      expect(widget.seen.me).to.deep.equal(ada);
      expect(widget.seen.session).to.equal("signed-in");
    }
    expect(provider.me).to.deep.equal(ada);
    await expect(provider).to.be.accessible();
  });

  it("takes the user's saved language and zone when it sets none itself", async () => {
    const { provider, widgets } = await providerFixture(
      html`<portal-provider api-base="https://api.example" token="t">
        <test-names-widget></test-names-widget>
      </portal-provider>`,
    );
    const [widget] = widgets;
    await widget!.updateComplete;

    expect(provider.portalValue.locale).to.equal("de");
    expect(widget!.seen.timezone).to.equal("Asia/Tokyo");
    expect(text(widget!.shadowRoot!.querySelector("p"))).to.equal("1 Lizenz");
    await expect(widget).to.be.accessible();

    await widget!.reload();
    expect(calls("/v1/licenses").at(-1)!.headers.get("accept-language")).to.equal("de");
  });

  it("lets its own locale and timezone win over the user's", async () => {
    const { widgets } = await providerFixture(
      html`<portal-provider api-base="https://api.example" token="t" locale="en" timezone="Europe/Berlin">
        <test-names-widget></test-names-widget>
      </portal-provider>`,
    );
    await widgets[0]!.updateComplete;

    expect(widgets[0]!.seen.locale).to.equal("en");
    expect(widgets[0]!.seen.timezone).to.equal("Europe/Berlin");
    expect(text(widgets[0]!.shadowRoot!.querySelector("p"))).to.equal("1 license");
    expect(requests.map((r) => r.headers.get("accept-language"))).to.deep.equal(["en", "en"]);
  });

  it("falls back to <html lang> and the browser's zone until the user is known", async () => {
    const lang = document.documentElement.lang;
    document.documentElement.lang = "de-AT";
    me = unauthorized;
    try {
      const { provider } = await providerFixture(
        html`<portal-provider api-base="https://api.example"></portal-provider>`,
      );
      expect(provider.portalValue.locale).to.equal("de");
      expect(provider.portalValue.timezone).to.equal(browserTimeZone());
      expect(calls("/v1/me")[0]!.headers.get("accept-language")).to.equal("de");
    } finally {
      document.documentElement.lang = lang;
    }
  });

  it("signals signed out for a 401 on /v1/me, and the widgets show it", async () => {
    me = unauthorized;
    const provider = await fixture<PortalProvider>(
      html`<portal-provider api-base="https://api.example" token="expired">
        <test-names-widget></test-names-widget>
      </portal-provider>`,
    );
    const widget = provider.querySelector<NamesWidget>("test-names-widget")!;
    const event = await oneEvent(provider, "keyport-signed-out");
    expect(await provider.sessionComplete).to.equal("signed-out");
    await widget.loadComplete;

    expect((event.detail.error as { status?: number }).status).to.equal(401);
    expect(provider.session).to.equal("signed-out");
    expect(provider.me).to.equal(undefined);
    expect(widget.seen.session).to.equal("signed-out");
    expect(widget.seen).not.to.have.property("me");
    expect(widget.status).to.equal("signed-out");
    expect(widget.shadowRoot!.querySelector('[part~="state-signed-out"]')).to.exist;
    await expect(widget).to.be.accessible();
  });

  it("shares a changed user with every widget at once, without a reload or a new client", async () => {
    const { provider, widgets } = await providerFixture(
      html`<portal-provider api-base="https://api.example" token="t">
        <test-names-widget></test-names-widget>
        <test-names-widget></test-names-widget>
      </portal-provider>`,
    );
    const client = provider.client;
    const before = requests.length;

    provider.updateMe({ ...ada, locale: "en", timezone: "America/New_York" });
    await provider.updateComplete;
    await Promise.all(widgets.map((widget) => widget.updateComplete));

    for (const widget of widgets) {
      expect(text(widget.shadowRoot!.querySelector("p"))).to.equal("1 license");
      expect(widget.seen.timezone).to.equal("America/New_York");
    }
    expect(requests).to.have.length(before);
    expect(provider.client).to.equal(client);

    await widgets[0]!.reload();
    expect(requests.at(-1)!.headers.get("accept-language"), "the API speaks it too").to.equal("en");
  });

  it("loads /v1/me again on refresh()", async () => {
    const { provider } = await providerFixture(
      html`<portal-provider api-base="https://api.example" token="t"></portal-provider>`,
    );
    me = () => Response.json({ ...ada, name: "Ada Lovelace" });
    await provider.refresh();
    await provider.sessionComplete;

    expect(calls("/v1/me")).to.have.length(2);
    expect(provider.me?.name).to.equal("Ada Lovelace");
    expect(provider.portalValue.me?.name).to.equal("Ada Lovelace");
  });

  it("keeps a widget with credentials of its own on its own client", async () => {
    const { provider, widgets } = await providerFixture(
      html`<portal-provider api-base="https://api.example" token="shared">
        <test-names-widget token="own"></test-names-widget>
      </portal-provider>`,
    );
    const [widget] = widgets;

    expect(widget!.client).not.to.equal(provider.client);
    expect(widget!.seen).not.to.have.property("session");
    expect(calls("/v1/licenses")[0]!.headers.get("authorization")).to.equal("Bearer own");
    expect(calls("/v1/me")[0]!.headers.get("authorization")).to.equal("Bearer shared");
  });

  it("renders only its content, and a new client when the token changes", async () => {
    const { provider } = await providerFixture(
      html`<portal-provider api-base="https://api.example" token="one"><p>Content</p></portal-provider>`,
    );
    expect(getComputedStyle(provider).display).to.equal("contents");
    expect(provider.shadowRoot!.querySelector("slot")).to.exist;

    const first = provider.client;
    provider.token = "two";
    await provider.updateComplete;
    await provider.refresh();

    expect(provider.client).not.to.equal(first);
    expect(calls("/v1/me").map((r) => r.headers.get("authorization"))).to.include("Bearer two");
    await expect(provider).to.be.accessible();
  });
});
