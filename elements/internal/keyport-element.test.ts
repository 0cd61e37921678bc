/// <reference types="mocha" />
import { ContextProvider } from "@lit/context";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { LitElement } from "lit";
import { type PortalContextValue, portalContext } from "./context.ts";
import { defineMessages, type MessageLookup } from "./i18n.ts";
import { KeyportElement } from "./keyport-element.ts";
import { type Deferred, deferred, httpError } from "./test-helpers.ts";

interface Item {
  readonly name: string;
}

/** The smallest real subclass: each load takes the next promise the test hands out. */
class TestWidget extends KeyportElement<Item[]> {
  loader: (signal: AbortSignal) => Promise<Item[]> = () => new Promise(() => {});
  readonly signals: AbortSignal[] = [];
  renderFails = false;

  protected override load(signal: AbortSignal): Promise<Item[]> {
    this.signals.push(signal);
    return this.loader(signal);
  }

  protected override isEmpty(data: Item[]): boolean {
    return data.length === 0;
  }

  protected override renderData(data: Item[]) {
    if (this.renderFails) throw new TypeError("unexpected data");
    return html`<ul>${data.map((item) => html`<li>${item.name}</li>`)}</ul>`;
  }
}
customElements.define("test-keyport-widget", TestWidget);

/** A subclass with a title from a catalogue the test hands it. */
class TitledWidget extends KeyportElement<Item[]> {
  messages: MessageLookup<"title"> | undefined;

  protected override load(): Promise<Item[]> {
    return Promise.resolve([{ name: "one" }]);
  }

  protected override render() {
    return html`<h2>${this.messages ? this.t(this.messages, "title") : ""}</h2>${super.render()}`;
  }

  protected override renderData(data: Item[]) {
    return html`<ul>${data.map((item) => html`<li>${item.name}</li>`)}</ul>`;
  }
}
customElements.define("test-titled-widget", TitledWidget);

/** A subclass that loads the way real elements do: through `this.client`. */
class ClientWidget extends KeyportElement<string[]> {
  protected override async load(signal: AbortSignal): Promise<string[]> {
    const page = await this.client.licenses.list({ limit: 2 }, { signal });
    return page.data.map((license) => license.name);
  }

  protected override renderData(names: string[]) {
    return html`<ul>${names.map((name) => html`<li>${name}</li>`)}</ul>`;
  }
}
customElements.define("test-client-widget", ClientWidget);

/** A provider the way `<portal-provider>` will be one: a LitElement with a ContextProvider. */
class TestPortalHost extends LitElement {
  readonly provider = new ContextProvider(this, { context: portalContext });

  protected override render() {
    return html`<slot></slot>`;
  }
}
customElements.define("test-portal-host", TestPortalHost);

/** Hands out a new deferred per load, so the test settles each one on its own. */
function queuedLoader() {
  const loads: Deferred<Item[]>[] = [];
  const loader = () => {
    const load = deferred<Item[]>();
    loads.push(load);
    return load.promise;
  };
  return { loads, loader };
}

function stateBlock(el: TestWidget): HTMLElement | null {
  return el.shadowRoot!.querySelector('[part~="state"]');
}

function retryButton(el: TestWidget): HTMLButtonElement {
  const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry-button"]');
  expect(button, "retry button").to.exist;
  return button!;
}

function text(node: Element | null): string {
  return node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

describe("KeyportElement", () => {
  it("shows an accessible loading status while the load is pending", async () => {
    const el = await fixture<TestWidget>(html`<test-keyport-widget></test-keyport-widget>`);

    const block = stateBlock(el);
    expect(block?.getAttribute("part")).to.equal("state state-loading");
    expect(block?.getAttribute("role")).to.equal("status");
    expect(block?.getAttribute("aria-busy")).to.equal("true");
    expect(text(block)).to.equal("Loading…");
    expect(el.status).to.equal("loading");
    expect(el.signals).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it("renders the data once loaded", async () => {
    const { loads, loader } = queuedLoader();
    const el = await fixture<TestWidget>(
      html`<test-keyport-widget .loader=${loader}></test-keyport-widget>`,
    );

    loads[0]!.resolve([{ name: "Acme Studio" }, { name: "Acme CLI" }]);
    await el.loadComplete;

    expect(stateBlock(el)).to.equal(null);
    const items = [...el.shadowRoot!.querySelectorAll("li")].map((li) => text(li));
    expect(items).to.deep.equal(["Acme Studio", "Acme CLI"]);
    expect(el.status).to.equal("complete");
    await expect(el).to.be.accessible();
  });

  it("shows the empty state when the subclass calls the data empty", async () => {
    const el = await fixture<TestWidget>(
      html`<test-keyport-widget .loader=${async () => []}></test-keyport-widget>`,
    );
    await el.loadComplete;

    const block = stateBlock(el);
    expect(block?.getAttribute("part")).to.equal("state state-empty");
    expect(text(block)).to.equal("Nothing to show yet.");
    expect(el.status).to.equal("empty");
    expect(el.shadowRoot!.querySelector("ul")).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("shows an alert with Retry on failure, and Retry loads again", async () => {
    const { loads, loader } = queuedLoader();
    const el = await fixture<TestWidget>(
      html`<test-keyport-widget .loader=${loader}></test-keyport-widget>`,
    );

    loads[0]!.reject(new Error("network down"));
    await el.loadComplete;

    const block = stateBlock(el);
    expect(block?.getAttribute("part")).to.equal("state state-error");
    expect(block?.getAttribute("role")).to.equal("alert");
    expect(text(block)).to.contain("Something went wrong.");
    expect(text(block), "no raw error text").not.to.contain("network down");
    expect(text(retryButton(el))).to.equal("Try again");
    expect(el.status).to.equal("error");
    await expect(el).to.be.accessible();

    retryButton(el).click();
    await el.updateComplete;
    expect(el.status).to.equal("loading");
    expect(loads).to.have.length(2);

    loads[1]!.resolve([{ name: "Acme Studio" }]);
    await el.loadComplete;
    expect(el.status).to.equal("complete");
    expect(text(el.shadowRoot!.querySelector("li"))).to.equal("Acme Studio");
  });

  it("keeps focus on Retry when the retry fails again", async () => {
    const { loads, loader } = queuedLoader();
    const el = await fixture<TestWidget>(
      html`<test-keyport-widget .loader=${loader}></test-keyport-widget>`,
    );
    loads[0]!.reject(new Error("first"));
    await el.loadComplete;

    retryButton(el).focus();
    retryButton(el).click();
    await el.updateComplete;
    loads[1]!.reject(new Error("second"));
    await el.loadComplete;
    // The retry handler refocuses after the same render, one microtask later.
    await new Promise((resolve) => setTimeout(resolve));

    expect(el.status).to.equal("error");
    expect(el.shadowRoot!.activeElement).to.equal(retryButton(el));
  });

  it("dispatches keyport-error, bubbling out of shadow roots, with the error", async () => {
    const { loads, loader } = queuedLoader();
    // Nest the widget in another element's shadow root: only a composed event reaches the outer tree.
    const outer = await fixture<HTMLDivElement>(html`<div></div>`);
    const shadow = outer.attachShadow({ mode: "open" });
    const el = document.createElement("test-keyport-widget") as TestWidget;
    el.loader = loader;
    shadow.append(el);
    await el.updateComplete;

    const failure = new Error("boom");
    const received = oneEvent(outer, "keyport-error");
    loads[0]!.reject(failure);
    const event = await received;

    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    expect(event.detail.error).to.equal(failure);
  });

  it("never lets a load error escape, even a synchronous throw", async () => {
    const el = await fixture<TestWidget>(
      html`<test-keyport-widget
        .loader=${() => {
          throw new Error("thrown before any promise");
        }}
      ></test-keyport-widget>`,
    );
    await el.loadComplete;
    expect(el.status).to.equal("error");
  });

  it("turns a failure of renderData into the error state and an event", async () => {
    const { loads, loader } = queuedLoader();
    const el = await fixture<TestWidget>(
      html`<test-keyport-widget .loader=${loader} .renderFails=${true}></test-keyport-widget>`,
    );

    const received = oneEvent(el, "keyport-error");
    loads[0]!.resolve([{ name: "Acme Studio" }]);
    const event = await received;
    await el.updateComplete;

    expect(event.detail.error).to.be.instanceOf(TypeError);
    expect(el.status).to.equal("error");
    expect(stateBlock(el)?.getAttribute("role")).to.equal("alert");
  });

  it("shows the signed-out state for a 401 and dispatches keyport-signed-out only", async () => {
    const { loads, loader } = queuedLoader();
    const el = await fixture<TestWidget>(
      html`<test-keyport-widget .loader=${loader}></test-keyport-widget>`,
    );
    let errorEvents = 0;
    el.addEventListener("keyport-error", () => {
      errorEvents += 1;
    });

    const unauthorized = httpError(401, "UNAUTHENTICATED");
    const received = oneEvent(el, "keyport-signed-out");
    loads[0]!.reject(unauthorized);
    const event = await received;
    await el.updateComplete;

    expect(event.detail.error).to.equal(unauthorized);
    expect(event.bubbles && event.composed).to.equal(true);
    expect(errorEvents).to.equal(0);
    expect(el.status).to.equal("signed-out");
    const block = stateBlock(el);
    expect(block?.getAttribute("part")).to.equal("state state-signed-out");
    expect(text(block)).to.equal("You are signed out. Sign in to continue.");
    await expect(el).to.be.accessible();
  });

  it("treats other HTTP errors as errors, not as signed out", async () => {
    const { loads, loader } = queuedLoader();
    const el = await fixture<TestWidget>(
      html`<test-keyport-widget .loader=${loader}></test-keyport-widget>`,
    );
    loads[0]!.reject(httpError(403));
    await el.loadComplete;
    expect(el.status).to.equal("error");
  });

  it("aborts a superseded load and ignores its result", async () => {
    const { loads, loader } = queuedLoader();
    const el = await fixture<TestWidget>(
      html`<test-keyport-widget .loader=${loader}></test-keyport-widget>`,
    );

    const reloaded = el.reload();
    await el.updateComplete;
    expect(el.signals[0]!.aborted).to.equal(true);
    expect(el.signals[1]!.aborted).to.equal(false);

    loads[0]!.resolve([{ name: "stale" }]);
    await Promise.resolve();
    expect(el.status, "the stale result is ignored").to.equal("loading");

    loads[1]!.resolve([{ name: "fresh" }]);
    await reloaded;
    await el.loadComplete;
    expect(text(el.shadowRoot!.querySelector("li"))).to.equal("fresh");
  });

  it("aborts the load in flight when removed, and loads again when put back", async () => {
    const { loads, loader } = queuedLoader();
    const el = await fixture<TestWidget>(
      html`<test-keyport-widget .loader=${loader}></test-keyport-widget>`,
    );
    const parent = el.parentElement!;

    el.remove();
    expect(el.signals[0]!.aborted).to.equal(true);

    parent.append(el);
    await el.updateComplete;
    await Promise.resolve();
    expect(loads).to.have.length(2);
    loads[1]!.resolve([{ name: "back" }]);
    await el.loadComplete;
    expect(text(el.shadowRoot!.querySelector("li"))).to.equal("back");
  });

  it("shows no error for a load that stops on removal, and loads again when put back", async () => {
    let loads = 0;
    // Rejects as the SDK does when its signal aborts.
    const loader = (signal: AbortSignal) =>
      new Promise<Item[]>((resolve, reject) => {
        loads += 1;
        if (loads > 1) resolve([{ name: "again" }]);
        signal.addEventListener("abort", () => reject(signal.reason));
      });
    const el = await fixture<TestWidget>(
      html`<test-keyport-widget .loader=${loader}></test-keyport-widget>`,
    );
    let errorEvents = 0;
    el.addEventListener("keyport-error", () => {
      errorEvents += 1;
    });
    const parent = el.parentElement!;

    el.remove();
    await el.loadComplete;
    expect(el.status).to.equal("loading");
    expect(errorEvents).to.equal(0);

    parent.append(el);
    await el.updateComplete;
    await el.loadComplete;
    expect(loads).to.equal(2);
    expect(text(el.shadowRoot!.querySelector("li"))).to.equal("again");
  });

  it("speaks German", async () => {
    const { loads, loader } = queuedLoader();
    const el = await fixture<TestWidget>(
      html`<test-keyport-widget locale="de" .loader=${loader}></test-keyport-widget>`,
    );
    expect(text(stateBlock(el))).to.equal("Wird geladen…");

    loads[0]!.reject(new Error("kaputt"));
    await el.loadComplete;
    expect(text(stateBlock(el))).to.contain("Etwas ist schiefgelaufen.");
    expect(text(retryButton(el))).to.equal("Erneut versuchen");
    await expect(el).to.be.accessible();
  });

  it("holds a German page's first render until German strings loaded on demand are there", async () => {
    const german = deferred<{ default: { readonly title: string } }>();
    const messages = defineMessages({ en: { title: "Licenses" }, de: () => german.promise });
    const widget = (locale: string) => {
      const el = document.createElement("test-titled-widget") as TitledWidget;
      el.locale = locale;
      el.messages = messages;
      document.body.append(el);
      return el;
    };
    const el = widget("de");
    const english = widget("en");
    try {
      await english.loadComplete;
      expect(text(english.shadowRoot!.querySelector("h2")), "English waits for nothing").to.equal(
        "Licenses",
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(el.hasUpdated, "no English on a German page meanwhile").to.equal(false);
      expect(el.shadowRoot!.textContent).to.equal("");

      german.resolve({ default: { title: "Lizenzen" } });
      await el.loadComplete;
      expect(text(el.shadowRoot!.querySelector("h2"))).to.equal("Lizenzen");
      expect(text(el.shadowRoot!.querySelector("li"))).to.equal("one");
    } finally {
      german.resolve({ default: { title: "Lizenzen" } });
      el.remove();
      english.remove();
    }
  });

  describe("portal settings", () => {
    const provided: PortalContextValue = {
      apiBase: "https://keyport.example",
      token: "provider-token",
      locale: "de",
      timezone: "Europe/Berlin",
    };

    async function providedFixture(widget = html`<test-keyport-widget></test-keyport-widget>`) {
      const host = await fixture<TestPortalHost>(
        html`<test-portal-host>${widget}</test-portal-host>`,
      );
      const el = host.querySelector<TestWidget>("test-keyport-widget")!;
      return { host, el };
    }

    it("takes them from a provider above", async () => {
      const { host, el } = await providedFixture();
      host.provider.setValue(provided);
      await el.updateComplete;

      expect(el.portal).to.deep.equal(provided);
      expect(text(stateBlock(el)), "the provider's locale").to.equal("Wird geladen…");
    });

    it("lets the element's own attributes win, without carrying the token to another API", async () => {
      const { host, el } = await providedFixture(
        html`<test-keyport-widget
          api-base="https://other.example"
          locale="en"
          timezone="America/New_York"
        ></test-keyport-widget>`,
      );
      host.provider.setValue(provided);
      await el.updateComplete;

      expect(el.portal).to.deep.equal({
        apiBase: "https://other.example",
        locale: "en",
        timezone: "America/New_York",
      });
    });

    it("keeps the provider's token when the element names the same API", async () => {
      const { host, el } = await providedFixture(
        html`<test-keyport-widget api-base="https://keyport.example"></test-keyport-widget>`,
      );
      host.provider.setValue(provided);
      await el.updateComplete;
      expect(el.portal.token).to.equal("provider-token");
    });

    it("reloads, aborting the old load, when the provider's credentials change", async () => {
      const { host, el } = await providedFixture();
      host.provider.setValue(provided);
      await el.updateComplete;
      await Promise.resolve();
      const before = el.signals.length;

      host.provider.setValue({ ...provided, token: "renewed-token" });
      await el.updateComplete;
      await Promise.resolve();

      expect(el.signals).to.have.length(before + 1);
      expect(el.signals.at(-2)!.aborted).to.equal(true);
      expect(el.portal.token).to.equal("renewed-token");
    });

    it("does not reload when only the locale changes", async () => {
      const { host, el } = await providedFixture();
      host.provider.setValue(provided);
      await el.updateComplete;
      await Promise.resolve();
      const before = el.signals.length;

      host.provider.setValue({ ...provided, locale: "en" });
      await el.updateComplete;
      await Promise.resolve();

      expect(el.signals).to.have.length(before);
      expect(text(stateBlock(el))).to.equal("Loading…");
    });

    it("shows signed out without loading when the provider knows, and loads once signed in", async () => {
      const { host, el } = await providedFixture();
      host.provider.setValue(provided);
      await el.updateComplete;
      await Promise.resolve();
      let signedOutEvents = 0;
      el.addEventListener("keyport-signed-out", () => {
        signedOutEvents += 1;
      });
      const before = el.signals.length;

      host.provider.setValue({ ...provided, session: "signed-out" });
      await el.loadComplete;
      expect(el.status).to.equal("signed-out");
      expect(el.signals, "no load asked").to.have.length(before);
      expect(el.signals.at(-1)!.aborted, "the load in flight stops").to.equal(true);
      expect(signedOutEvents, "the provider reports it, not each element").to.equal(0);
      await expect(el).to.be.accessible();

      host.provider.setValue({ ...provided, session: "signed-in" });
      await el.updateComplete;
      await Promise.resolve();
      expect(el.status).to.equal("loading");
      expect(el.signals).to.have.length(before + 1);
    });

    it("works standalone with api-base and token", async () => {
      const el = await fixture<TestWidget>(
        html`<test-keyport-widget api-base="https://solo.example" token="solo-token"></test-keyport-widget>`,
      );
      expect(el.portal.apiBase).to.equal("https://solo.example");
      expect(el.portal.token).to.equal("solo-token");
    });
  });

  describe("the SDK client", () => {
    const realFetch = globalThis.fetch;
    let requests: Request[] = [];
    let answer: (request: Request) => Response = () => new Response(null, { status: 500 });

    beforeEach(() => {
      requests = [];
      // The page's fetch stands in for the API; the client under test is the real SDK.
      globalThis.fetch = async (input, init) => {
        const request = new Request(input, init);
        requests.push(request);
        return answer(request);
      };
    });
    afterEach(() => {
      globalThis.fetch = realFetch;
    });

    const page = (names: string[]) =>
      Response.json({ data: names.map((name) => ({ name })), nextCursor: null });

    it("loads through the portal client with the element's api base and token", async () => {
      answer = () => page(["Acme Studio", "Acme CLI"]);
      const el = await fixture<ClientWidget>(
        html`<test-client-widget api-base="https://api.example/keyport/" token="tok-1"></test-client-widget>`,
      );
      await el.loadComplete;

      expect([...el.shadowRoot!.querySelectorAll("li")].map((li) => text(li))).to.deep.equal([
        "Acme Studio",
        "Acme CLI",
      ]);
      expect(requests).to.have.length(1);
      expect(requests[0]!.url).to.equal("https://api.example/keyport/v1/licenses?limit=2");
      expect(requests[0]!.headers.get("authorization")).to.equal("Bearer tok-1");
      await expect(el).to.be.accessible();
    });

    it("keeps one client while the settings stay, and a new one when the token changes", async () => {
      answer = () => page([]);
      const el = await fixture<ClientWidget>(
        html`<test-client-widget api-base="https://api.example" token="tok-1"></test-client-widget>`,
      );
      const first = el.client;
      expect(el.client).to.equal(first);
      el.token = "tok-2";
      expect(el.client).not.to.equal(first);
    });

    it("sends its locale as Accept-Language, and a changed one with the same client", async () => {
      answer = () => page(["Acme Studio"]);
      const el = await fixture<ClientWidget>(
        html`<test-client-widget api-base="https://api.example" token="tok-1" locale="de-CH"></test-client-widget>`,
      );
      await el.loadComplete;
      const client = el.client;
      el.locale = "en";
      await el.reload();

      expect(requests.map((r) => r.headers.get("accept-language"))).to.deep.equal(["de", "en"]);
      expect(el.client).to.equal(client);
    });

    it("asks fetchToken once more after a 401, then shows the data", async () => {
      const tokens = ["stale", "fresh"];
      const fetchToken = async () => tokens.shift()!;
      answer = (request) =>
        request.headers.get("authorization") === "Bearer fresh"
          ? page(["Renewed"])
          : Response.json(
              { type: "about:blank", title: "Unauthorized", status: 401, code: "UNAUTHORIZED" },
              { status: 401, headers: { "content-type": "application/problem+json" } },
            );
      const el = await fixture<ClientWidget>(
        html`<test-client-widget api-base="https://api.example" .fetchToken=${fetchToken}></test-client-widget>`,
      );
      await el.loadComplete;

      expect(text(el.shadowRoot!.querySelector("li"))).to.equal("Renewed");
      expect(requests.map((r) => r.headers.get("authorization"))).to.deep.equal([
        "Bearer stale",
        "Bearer fresh",
      ]);
    });

    it("shows the signed-out state when the API answers 401 through the client", async () => {
      answer = () =>
        Response.json(
          { type: "about:blank", title: "Unauthorized", status: 401, code: "UNAUTHORIZED" },
          { status: 401, headers: { "content-type": "application/problem+json" } },
        );
      const el = await fixture<ClientWidget>(
        html`<test-client-widget api-base="https://api.example" token="expired"></test-client-widget>`,
      );
      const event = await oneEvent(el, "keyport-signed-out");
      await el.loadComplete;

      expect(el.status).to.equal("signed-out");
      expect((event.detail.error as { code?: string }).code).to.equal("UNAUTHORIZED");
    });
  });
});
