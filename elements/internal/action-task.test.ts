/// <reference types="mocha" />
import { TaskStatus } from "@lit/task";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { createActionTask } from "./action-task.ts";
import { KeyportElement } from "./keyport-element.ts";
import { type Deferred, deferred, httpError } from "./test-helpers.ts";

/** A widget with a Reveal button whose action takes the next promise the test hands out. */
class RevealWidget extends KeyportElement<string> {
  readonly reveals: Deferred<string>[] = [];
  readonly signals: AbortSignal[] = [];

  readonly reveal = createActionTask(this, ([id]: [string], { signal }) => {
    this.signals.push(signal);
    const next = deferred<string>();
    this.reveals.push(next);
    return next.promise.then((key) => `${id}:${key}`);
  });

  protected override async load(): Promise<string> {
    return "lic_1";
  }

  protected override renderData(id: string) {
    return html`
      <button
        class="button"
        type="button"
        ?disabled=${this.reveal.status === TaskStatus.PENDING}
        @click=${() => this.reveal.run([id])}
      >
        Reveal
      </button>
      ${this.reveal.render({
        pending: () => html`<p role="status">Revealing…</p>`,
        complete: (key) => html`<code>${key}</code>`,
        error: () => html`<p role="alert">${this.msg("state.error")}</p>`,
      })}
    `;
  }
}
customElements.define("test-reveal-widget", RevealWidget);

async function revealFixture() {
  const el = await fixture<RevealWidget>(html`<test-reveal-widget></test-reveal-widget>`);
  await el.loadComplete;
  return el;
}

const button = (el: RevealWidget) => el.shadowRoot!.querySelector("button")!;
const shadowText = (el: RevealWidget, selector: string) =>
  el.shadowRoot!.querySelector(selector)?.textContent?.trim();

describe("createActionTask", () => {
  it("stays idle until run, then shows pending and the result", async () => {
    const el = await revealFixture();
    expect(el.reveal.status).to.equal(TaskStatus.INITIAL);
    expect(el.reveals, "not run by updates").to.have.length(0);
    await expect(el).to.be.accessible();

    button(el).click();
    await el.updateComplete;
    expect(shadowText(el, '[role="status"]')).to.equal("Revealing…");
    expect(button(el).disabled).to.equal(true);
    await expect(el).to.be.accessible();

    el.reveals[0]!.resolve("ABCDE");
    await el.reveal.taskComplete;
    await el.updateComplete;
    expect(shadowText(el, "code")).to.equal("lic_1:ABCDE");
    expect(el.status, "the data stays shown").to.equal("complete");
    await expect(el).to.be.accessible();
  });

  it("shows a failure inline, reports it as keyport-error, and throws nothing", async () => {
    const el = await revealFixture();
    const failure = new Error("forbidden");
    const received = oneEvent(el, "keyport-error");
    const running = el.reveal.run(["lic_1"]);
    el.reveals[0]!.reject(failure);
    await running;
    const event = await received;
    await el.updateComplete;

    expect(event.detail.error).to.equal(failure);
    expect(el.reveal.status).to.equal(TaskStatus.ERROR);
    expect(shadowText(el, '[role="alert"]')).to.equal("Something went wrong.");
    await expect(el).to.be.accessible();
  });

  it("reports a 401 as keyport-signed-out only", async () => {
    const el = await revealFixture();
    let errorEvents = 0;
    el.addEventListener("keyport-error", () => {
      errorEvents += 1;
    });
    const received = oneEvent(el, "keyport-signed-out");
    const running = el.reveal.run(["lic_1"]);
    el.reveals[0]!.reject(httpError(401));
    await running;
    await received;
    expect(errorEvents).to.equal(0);
  });

  it("aborts a run superseded by another, and shows only the newer result", async () => {
    const el = await revealFixture();
    let errorEvents = 0;
    el.addEventListener("keyport-error", () => {
      errorEvents += 1;
    });
    void el.reveal.run(["lic_1"]);
    const second = el.reveal.run(["lic_2"]);
    expect(el.signals[0]!.aborted).to.equal(true);

    el.reveals[0]!.reject(el.signals[0]!.reason);
    el.reveals[1]!.resolve("FRESH");
    await second;
    await el.updateComplete;
    expect(shadowText(el, "code")).to.equal("lic_2:FRESH");
    expect(errorEvents).to.equal(0);
  });

  it("returns to idle, not to an error, when aborted", async () => {
    const el = await revealFixture();
    let errorEvents = 0;
    el.addEventListener("keyport-error", () => {
      errorEvents += 1;
    });
    const running = el.reveal.run(["lic_1"]);
    el.reveal.abort(new DOMException("Cancelled.", "AbortError"));
    el.reveals[0]!.reject(el.signals[0]!.reason);
    await running;
    await el.updateComplete;

    expect(el.reveal.status).to.equal(TaskStatus.INITIAL);
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
    expect(errorEvents).to.equal(0);
  });
});
