/// <reference types="mocha" />

import { ContextProvider } from "@lit/context";
import { expect, fixture, html } from "@open-wc/testing";
import { LitElement } from "lit";
import { type PortalContextValue, portalContext } from "./context.ts";
import { PortalConsumer } from "./portal-consumer.ts";
import "./test-helpers.ts";

const settings = (apiBase: string): PortalContextValue => ({
  apiBase,
  locale: "en",
  timezone: "UTC",
});

/** A provider as `<portal-provider>` is one: a Lit element with `@lit/context`'s `ContextProvider`. */
class TestPortalProvider extends LitElement {
  readonly provider = new ContextProvider(this, {
    context: portalContext,
    initialValue: settings("https://first.example"),
  });
}
customElements.define("test-portal-provider", TestPortalProvider);

/** Counts its updates, so a test sees that a new value re-renders the element. */
class TestPortalReader extends LitElement {
  readonly provided = new PortalConsumer(this);
  updates = 0;

  protected override updated(): void {
    this.updates += 1;
  }
}
customElements.define("test-portal-reader", TestPortalReader);

async function readerIn(providerCount: number) {
  const root = await fixture<HTMLElement>(html`
    <div>
      ${Array.from({ length: providerCount }, () => html`<test-portal-provider></test-portal-provider>`)}
    </div>
  `);
  const providers = [...root.querySelectorAll<TestPortalProvider>("test-portal-provider")];
  const reader = document.createElement("test-portal-reader") as TestPortalReader;
  providers[0]!.append(reader);
  await reader.updateComplete;
  return { providers, reader };
}

describe("PortalConsumer", () => {
  it("has no value without a provider", async () => {
    const reader = await fixture<TestPortalReader>(html`<test-portal-reader></test-portal-reader>`);
    expect(reader.provided.value).to.equal(undefined);
  });

  it("reads the nearest provider's value when the element connects", async () => {
    const { reader } = await readerIn(1);
    expect(reader.provided.value?.apiBase).to.equal("https://first.example");
  });

  it("takes every later value and updates the element", async () => {
    const { providers, reader } = await readerIn(1);
    const before = reader.updates;
    providers[0]!.provider.setValue(settings("https://changed.example"));
    await reader.updateComplete;
    expect(reader.provided.value?.apiBase).to.equal("https://changed.example");
    expect(reader.updates).to.equal(before + 1);
  });

  it("hears nothing more from a provider once it has left the page", async () => {
    const { providers, reader } = await readerIn(1);
    reader.remove();
    providers[0]!.provider.setValue(settings("https://after-removal.example"));
    await reader.updateComplete;
    expect(reader.provided.value?.apiBase).to.equal("https://first.example");
  });

  it("moves to a provider that upgrades between it and its provider, and leaves the outer one", async () => {
    const { providers, reader } = await readerIn(1);
    const outer = providers[0]!;
    // A provider whose tag is defined only after the reader is in it, as on a page whose
    // scripts load in another order: on upgrade it announces itself and takes its consumers.
    const inner = document.createElement("late-portal-provider");
    outer.append(inner);
    inner.append(reader);
    await reader.updateComplete;
    expect(reader.provided.value?.apiBase).to.equal("https://first.example");

    customElements.define(
      "late-portal-provider",
      class extends LitElement {
        readonly provider = new ContextProvider(this, {
          context: portalContext,
          initialValue: settings("https://inner.example"),
        });
      },
    );
    await reader.updateComplete;
    expect(reader.provided.value?.apiBase).to.equal("https://inner.example");

    outer.provider.setValue(settings("https://outer-again.example"));
    await reader.updateComplete;
    expect(reader.provided.value?.apiBase).to.equal("https://inner.example");
  });

  it("follows the element to another provider and leaves the first one", async () => {
    const { providers, reader } = await readerIn(2);
    const [first, second] = providers;
    second!.provider.setValue(settings("https://second.example"));
    second!.append(reader);
    await reader.updateComplete;
    expect(reader.provided.value?.apiBase).to.equal("https://second.example");

    first!.provider.setValue(settings("https://first-again.example"));
    await reader.updateComplete;
    expect(reader.provided.value?.apiBase).to.equal("https://second.example");
    second!.provider.setValue(settings("https://second-again.example"));
    await reader.updateComplete;
    expect(reader.provided.value?.apiBase).to.equal("https://second-again.example");
  });
});
