/// <reference types="mocha" />
import type { Activation, MyLicenseDetail } from "@keyport/sdk";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import { css } from "lit";
import {
  type DeactivatedActivation,
  DeactivationDialog,
  deactivationDialogStyles,
} from "./deactivation-dialog.ts";
import { deactivationMessages } from "./deactivation-messages.ts";
import { KeyportElement } from "./keyport-element.ts";
import { keyportBaseStyles } from "./styles.ts";
import { type Deferred, deferred } from "./test-helpers.ts";

const oldPc: Activation = {
  id: "act_old",
  licenseId: "lic_design",
  licenseName: "Design team",
  kind: "machine",
  name: "OLD-PC",
  identifier: "4c1f0e9a…9d3b2e",
  hostname: "old-pc.local",
  platform: "Windows 11",
  ip: null,
  version: "2.3.1",
  createdAt: "2026-01-10T09:00:00.000Z",
  lastSeenAt: "2026-07-14T09:00:00.000Z",
  status: "inactive",
  deactivatedAt: null,
  deactivatedBy: null,
  reason: null,
  canDeactivate: true,
};

const fiveIn30: Pick<MyLicenseDetail, "deactivations"> = {
  deactivations: { limit: 5, windowDays: 30, usedInWindow: 1, left: 4, nextAllowedAt: null },
};

/** The smallest real host: loads one activation through the SDK and opens the dialog for it. */
class DialogHost extends KeyportElement<Activation> {
  // One CSSResult: the base class types \`styles\` as one, not as a CSSResultGroup.
  static override styles = css`${keyportBaseStyles}${deactivationDialogStyles}`;
  readonly dialog = new DeactivationDialog(this);
  license: Pick<MyLicenseDetail, "deactivations"> | undefined = fiveIn30;
  opened: Promise<DeactivatedActivation | undefined> | undefined;

  protected override load(signal: AbortSignal) {
    return this.client.activations.get("act_old", { signal });
  }

  protected override renderData(activation: Activation) {
    return html`
      <button class="button" id="opener" @click=${() => this.#open(activation)}>
        Deactivate ${activation.name}
      </button>
      ${this.dialog.render()}
    `;
  }

  #open(activation: Activation) {
    this.opened = this.dialog.open({ activation, license: this.license });
  }
}
customElements.define("test-dialog-host", DialogHost);

const problem = (status: number, code: string, extensions: object = {}) =>
  Response.json(
    { type: "about:blank", title: code, status, code, detail: "server words", ...extensions },
    { status, headers: { "content-type": "application/problem+json" } },
  );

function text(node: Element | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

describe("DeactivationDialog", () => {
  const realFetch = globalThis.fetch;
  let posts: Request[] = [];
  let answer: () => Response | Promise<Response>;

  beforeEach(() => {
    posts = [];
    answer = () =>
      Response.json({
        ...oldPc,
        status: "deactivated",
        deactivatedAt: "2026-12-01T09:00:00.000Z",
        deactivatedBy: "customer",
        canDeactivate: false,
        cannotDeactivateReason: "deactivated",
        deactivationsLeft: 3,
      });
    // The page's fetch stands in for the API; the client under test is the real SDK.
    globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      const path = new URL(request.url).pathname;
      if (request.method === "GET" && path === "/v1/activations/act_old")
        return Response.json(oldPc);
      if (request.method === "POST" && path === "/v1/activations/act_old/deactivate") {
        posts.push(request);
        return answer();
      }
      return problem(404, "NOT_FOUND");
    };
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  async function hostFixture(locale = "en") {
    const host = await fixture<DialogHost>(
      html`<test-dialog-host api-base="https://api.test" token="tok" locale=${locale}></test-dialog-host>`,
    );
    await host.loadComplete;
    return host;
  }
  const part = (host: DialogHost, name: string) =>
    host.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
  const dialogOf = (host: DialogHost) => part(host, "dialog") as HTMLDialogElement;
  const focused = (host: DialogHost) => host.shadowRoot!.activeElement;

  async function openDialog(host: DialogHost) {
    const opener = host.shadowRoot!.querySelector<HTMLButtonElement>("#opener")!;
    opener.focus();
    opener.click();
    await host.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return opener;
  }

  it("opens a modal with the title, what happens and how many deactivations are left", async () => {
    const host = await hostFixture();
    expect(dialogOf(host).open).to.equal(false);
    await openDialog(host);

    const dialog = dialogOf(host);
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(":modal")).to.equal(true);
    expect(text(part(host, "dialog-title"))).to.equal("Deactivate OLD-PC?");
    expect(text(dialog.querySelector(".deactivation-text"))).to.equal(
      "OLD-PC will stop working at its next license check, and its slot becomes free at once. " +
        "You have 4 of 5 deactivations left in the next 30 days.",
    );
    expect(focused(host)).to.equal(part(host, "cancel-button"));
    expect(text(part(host, "confirm-button"))).to.equal("Deactivate");
    expect(dialog.getAttribute("aria-labelledby")).to.equal(part(host, "dialog-title").id);
    await expect(host).to.be.accessible();
  });

  it("says nothing about limits when the license has none, or is not given", async () => {
    const host = await hostFixture();
    host.license = {
      deactivations: {
        limit: null,
        windowDays: 30,
        usedInWindow: 7,
        left: null,
        nextAllowedAt: null,
      },
    };
    await openDialog(host);
    expect(text(dialogOf(host))).not.to.contain("deactivations left");
    host.dialog.close();

    host.license = undefined;
    await openDialog(host);
    expect(text(dialogOf(host).querySelector(".deactivation-text"))).to.equal(
      "OLD-PC will stop working at its next license check, and its slot becomes free at once.",
    );
  });

  it("keeps Tab and Shift+Tab inside the dialog", async () => {
    const host = await hostFixture();
    await openDialog(host);
    const cancel = part(host, "cancel-button");
    const confirm = part(host, "confirm-button");

    await sendKeys({ press: "Tab" });
    expect(focused(host)).to.equal(confirm);
    await sendKeys({ press: "Tab" });
    expect(focused(host)).to.equal(cancel);
    await sendKeys({ press: "Shift+Tab" });
    expect(focused(host)).to.equal(confirm);
  });

  it("closes on Escape, returns focus to the opener and calls nothing", async () => {
    const host = await hostFixture();
    const opener = await openDialog(host);

    await sendKeys({ press: "Escape" });
    expect(await host.opened).to.equal(undefined);
    expect(dialogOf(host).open).to.equal(false);
    expect(focused(host)).to.equal(opener);
    expect(posts).to.have.length(0);
    await expect(host).to.be.accessible();
  });

  it("does nothing on Cancel", async () => {
    const host = await hostFixture();
    const opener = await openDialog(host);
    let events = 0;
    host.addEventListener("activation-deactivated", () => events++);

    part(host, "cancel-button").click();
    expect(await host.opened).to.equal(undefined);
    expect(dialogOf(host).open).to.equal(false);
    expect(focused(host)).to.equal(opener);
    expect(posts).to.have.length(0);
    expect(events).to.equal(0);
  });

  it("deactivates once on confirm, shows it pending, emits the event and resolves", async () => {
    const host = await hostFixture();
    await openDialog(host);
    const held: Deferred<Response> = deferred();
    const real = answer;
    answer = async () => {
      await held.promise;
      return real();
    };

    const confirm = part(host, "confirm-button");
    confirm.click();
    await host.updateComplete;
    expect(text(confirm)).to.equal("Deactivating…");
    expect(confirm.getAttribute("aria-disabled")).to.equal("true");
    confirm.click(); // a second click while pending is ignored
    await expect(host).to.be.accessible();

    const event = oneEvent(host, "activation-deactivated");
    held.resolve(new Response());
    const { detail, bubbles, composed } = await event;
    expect([bubbles, composed]).to.deep.equal([true, true]);
    expect(detail.activation.status).to.equal("deactivated");
    expect(detail.deactivationsLeft).to.equal(3);
    expect((await host.opened)?.id).to.equal("act_old");
    expect(posts).to.have.length(1);
    expect(posts[0]!.headers.get("authorization")).to.equal("Bearer tok");
    expect(dialogOf(host).open).to.equal(false);
  });

  it("explains a reached limit with the date the next one is allowed, and stays open", async () => {
    answer = () =>
      problem(429, "DEACTIVATION_LIMIT_REACHED", { nextAllowedAt: "2027-03-14T09:00:00.000Z" });
    const host = await hostFixture();
    host.timezone = "Europe/Berlin";
    await openDialog(host);

    part(host, "confirm-button").click();
    await host.dialog.task.taskComplete.catch(() => undefined);
    await host.updateComplete;

    const error = part(host, "dialog-error");
    expect(text(error)).to.equal(
      "You have used all deactivations this license allows for now. You can deactivate again on 14 March 2027.",
    );
    expect(text(error)).not.to.contain("server words");
    expect(error.closest('[role="alert"]')).to.exist;
    expect(dialogOf(host).open).to.equal(true);
    expect(part(host, "confirm-button").getAttribute("aria-disabled")).to.equal("true");
    part(host, "confirm-button").click();
    expect(posts, "a refused deactivation is not sent again").to.have.length(1);
    await expect(host).to.be.accessible();

    host.dialog.close();
    expect(await host.opened).to.equal(undefined);
    await openDialog(host);
    expect(part(host, "dialog-error"), "a new open starts without the old error").to.equal(null);
  });

  it("points to support when the license is protected or allows none", async () => {
    answer = () => problem(409, "ACTIVATION_PROTECTED");
    const host = await hostFixture();
    await openDialog(host);
    part(host, "confirm-button").click();
    await host.dialog.task.taskComplete.catch(() => undefined);
    await host.updateComplete;
    expect(text(part(host, "dialog-error"))).to.equal(
      "This license is managed by your vendor; contact support to move it.",
    );

    host.dialog.close();
    answer = () => problem(429, "DEACTIVATION_LIMIT_REACHED", { nextAllowedAt: null });
    await openDialog(host);
    part(host, "confirm-button").click();
    await host.dialog.task.taskComplete.catch(() => undefined);
    await host.updateComplete;
    expect(text(part(host, "dialog-error"))).to.contain("Contact support");
  });

  it("lets a plain failure be tried again", async () => {
    answer = () => problem(500, "INTERNAL");
    const host = await hostFixture();
    await openDialog(host);
    part(host, "confirm-button").click();
    await host.dialog.task.taskComplete.catch(() => undefined);
    await host.updateComplete;
    expect(text(part(host, "dialog-error"))).to.contain("did not go through");
    expect(part(host, "confirm-button").getAttribute("aria-disabled")).to.equal("false");

    answer = () => Response.json({ ...oldPc, status: "deactivated", deactivationsLeft: null });
    part(host, "confirm-button").click();
    expect((await host.opened)?.deactivationsLeft).to.equal(null);
    expect(posts).to.have.length(2);
  });

  it("speaks German with no English string left", async () => {
    answer = () =>
      problem(429, "DEACTIVATION_LIMIT_REACHED", { nextAllowedAt: "2027-03-14T09:00:00.000Z" });
    const host = await hostFixture("de");
    host.timezone = "Europe/Berlin";
    await openDialog(host);
    const dialog = dialogOf(host);
    expect(text(part(host, "dialog-title"))).to.equal("OLD-PC deaktivieren?");
    expect(text(dialog)).to.contain(
      "Sie haben in den nächsten 30 Tagen noch 4 von 5 Deaktivierungen.",
    );
    part(host, "confirm-button").click();
    await host.dialog.task.taskComplete.catch(() => undefined);
    await host.updateComplete;
    expect(text(dialog)).to.contain("Ab dem 14. März 2027 können Sie wieder deaktivieren.");

    const english: string[] = Object.values(deactivationMessages.catalogues.en).flatMap(
      (template) => (typeof template === "string" ? [template] : Object.values(template)),
    );
    const shown = text(dialog);
    for (const template of english) {
      const fixedPart = template
        .split(/\{\w+\}/)
        .sort((a, b) => b.length - a.length)[0]!
        .trim();
      if (fixedPart.length > 3) expect(shown, template).not.to.contain(fixedPart);
    }
    await expect(host).to.be.accessible();
  });
});
