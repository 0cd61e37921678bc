/// <reference types="mocha" />
import { expect, waitUntil } from "@open-wc/testing";

// The markup is in the page before any tag is defined, as on a vendor's server-rendered page
// that loads `@keyport/elements/define` at the end: the widget must still find its provider.
const requested: string[] = [];
const pageFetch = window.fetch.bind(window);
window.fetch = (input: RequestInfo | URL) => {
  requested.push(input instanceof Request ? input.url : String(input));
  return Promise.resolve(
    Response.json({ items: [], nextCursor: null }, { headers: { "x-test": "define-order" } }),
  );
};
document.body.innerHTML = `
  <portal-provider api-base="https://keyport.example.test" token="kps_test">
    <license-list></license-list>
  </portal-provider>`;
await import("./define.ts");

describe("@keyport/elements/define", () => {
  after(() => {
    window.fetch = pageFetch;
  });

  it("lets a widget that was in the page first use its provider's API", async () => {
    await waitUntil(() => requested.some((url) => url.includes("/v1/licenses")), "no list request");
    const list = requested.filter((url) => url.includes("/v1/licenses"));
    for (const url of list) expect(url.startsWith("https://keyport.example.test/")).to.equal(true);
    expect(requested.some((url) => url.startsWith(location.origin))).to.equal(false);
  });
});
