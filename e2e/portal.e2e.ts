// The standalone portal in Chromium against the real `keyport start`: the demo owner's day, and
// a member who sees only what is hers. Every figure a test expects comes from the API.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createPortalClient, type Dashboard, type PortalClient } from "@keyport/sdk";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { validationMessages } from "../examples/licensed-app/validation-messages.ts";
import { type KeyportProcess, startKeyport } from "../examples/testing/keyport-process.ts";
import { type Journey, launchChromium, shownText, squash, startJourney } from "./journey.ts";
import { type LicensedAppProcess, startLicensedApp } from "./licensed-app-process.ts";

const OWNER = "olivia.owner@example.com";
const MEMBER = "mia.member@example.com";
const DESIGN_TEAM = "Acme Studio Pro — Design team";
const HEARTBEAT_SECONDS = 1;

let keyport: KeyportProcess;
let browser: Browser;

beforeAll(async () => {
  [keyport, browser] = await Promise.all([startKeyport(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await keyport?.close();
});

async function apiAs(email: string): Promise<PortalClient> {
  const client = createPortalClient({ baseUrl: keyport.url });
  await client.auth.login({ email, password: keyport.demo.password, tokenType: "bearer" });
  return client;
}

/** The demo seeds its machines with these fingerprints (the Customer API shows them shortened). */
const demoFingerprint = (machine: string) =>
  createHash("sha256").update(`demo:${machine}`).digest("hex");

/** The date as the portal's English shows it, computed by Intl rather than by the elements. */
const dateIn = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone,
  }).format(new Date(iso));

async function signIn(journey: Journey, email: string): Promise<void> {
  const { page } = journey;
  await page.goto("/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(keyport.demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator('[part~="nav-link"]').first().waitFor();
}

/** The figures the dashboard shows, read as a person reads them. */
async function dashboardFigures(journey: Journey) {
  const { page } = journey;
  await page.locator('[part~="cards"]').waitFor();
  const legend = await page.locator('[part~="legend-item"]').allInnerTexts();
  return {
    licenses: squash(await shownText(page.locator('[part~="card-licenses"]'))),
    byStatus: Object.fromEntries(
      legend.map((item) => {
        const [word, count] = item.split("\n").map((part) => part.trim());
        return [word!.toLowerCase(), Number(count)];
      }),
    ),
    seats: squash(await shownText(page.locator('[part~="card-seats"]'))),
    reasons: (await page.locator('[part~="health-reason"]').allInnerTexts()).map(squash),
  };
}

function expectFiguresMatch(ui: Awaited<ReturnType<typeof dashboardFigures>>, api: Dashboard) {
  const { total, ...byStatus } = api.licenses;
  expect(ui.licenses).toContain(`${total} licenses`);
  for (const [status, count] of Object.entries(byStatus)) {
    expect(ui.byStatus[status] ?? 0, status).toBe(count);
  }
  const { machines, domains } = api.seats;
  expect(ui.seats).toContain(`${machines.used} of ${machines.total} machines`);
  expect(ui.seats).toContain(`${domains.used} of ${domains.total} domains`);
  expect(ui.reasons).toHaveLength(api.health.reasons.length);
  api.health.reasons.forEach((reason, index) => {
    expect(ui.reasons[index]).toContain(reason.message);
  });
}

describe("the standalone portal", () => {
  it("takes the demo owner from sign-in to sign-out", async () => {
    const journey = await startJourney(browser, "portal-owner", { baseURL: keyport.url });
    onTestFailed(() => journey.markFailed());
    const { page, context } = journey;
    const api = await apiAs(OWNER);
    let app: LicensedAppProcess | undefined;
    try {
      await journey.step("sign in as the demo owner", async () => {
        await signIn(journey, OWNER);
        expect(squash(await shownText(page.locator('[part~="user"]')))).toContain("Olivia Owner");
      });

      await journey.step("the dashboard shows the API's figures", async () => {
        let ui = await dashboardFigures(journey);
        let figures = await api.dashboard.get();
        try {
          expectFiguresMatch(ui, figures);
        } catch {
          // A background job (dead heartbeats) may have ended an activation in between: both again.
          await page.reload();
          ui = await dashboardFigures(journey);
          figures = await api.dashboard.get();
          expectFiguresMatch(ui, figures);
        }
      });

      const designTeam = (await api.licenses.list({ q: DESIGN_TEAM })).data[0]!;
      const key = await journey.step("reveal and copy a key", async () => {
        await context.grantPermissions(["clipboard-read", "clipboard-write"], {
          origin: keyport.url,
        });
        await page.locator('[part~="nav-link"]', { hasText: "My Licenses" }).click();
        const row = page.locator(`[data-license-id="${designTeam.id}"]:visible`);
        await row.locator('[part~="reveal-button"]').click();
        const shown = row.locator('[part~="key"]');
        await expect
          .poll(async () => squash(await shownText(shown)))
          .toMatch(/^([0-9A-Z]{5}-){4}[0-9A-Z]{5}$/);
        const revealed = squash(await shownText(shown));
        // The masked key showed its last group; the revealed one ends with it.
        expect(revealed.slice(-5)).toBe(designTeam.keyMasked.slice(-5));
        await row.locator('[part~="copy-button"]').click();
        await row.getByRole("button", { name: "Copied" }).waitFor();
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        expect(copied).toBe(revealed);
        expect((await api.licenses.revealKey(designTeam.id)).key).toBe(copied);
        return copied;
      });

      const machine = await journey.step("diagnose the failing license", async () => {
        await page.locator('[part~="nav-link"]', { hasText: "Dashboard" }).click();
        const failing = page.locator('[part~="health-reason-FAILING_VALIDATIONS"]');
        await failing.locator('[part~="health-link"]', { hasText: DESIGN_TEAM }).click();
        await page.waitForURL(`**/licenses/${designTeam.id}**`);
        // Why a new computer is refused: check the license for a machine it does not know.
        await page.getByLabel("Machine fingerprint (optional)").fill("new-pc");
        await page.locator('[part~="diagnose-button"]').click();
        const fix = page.locator('[part~="finding-error"] [part~="fix-button"]').first();
        await fix.waitFor();
        const named = /Deactivate “?([^”]+)”?/.exec(squash(await shownText(fix)))?.[1];
        const diagnosis = await api.licenses.diagnose(designTeam.id, { fingerprint: "new-pc" });
        const limit = diagnosis.findings.find((each) => each.code === "MACHINE_LIMIT_REACHED")!;
        const leastRecent = limit.refs.activations![0]!;
        expect(limit.valid).toBe(false);
        expect(named).toBe(leastRecent.name);
        expect(await fix.getAttribute("data-activation-id")).toBe(leastRecent.id);
        return leastRecent;
      });

      app = await journey.step(`the licensed app runs on ${machine.name}`, async () => {
        const fingerprint = demoFingerprint(machine.name);
        // The Customer API shows the fingerprint shortened; it must be this machine's.
        const [head, tail] = (await api.activations.get(machine.id)).identifier.split("…");
        expect(fingerprint.startsWith(head!) && fingerprint.endsWith(tail!)).toBe(true);
        const started = startLicensedApp({
          keyportUrl: keyport.url,
          key,
          fingerprint,
          heartbeatSeconds: HEARTBEAT_SECONDS,
        });
        await started.waitFor(/validate +VALID\n/);
        await started.waitFor(/heartbeat +VALID/);
        return started;
      });

      const deactivatedAt = await journey.step(
        "deactivate the machine the diagnosis names",
        async () => {
          const fix = page.locator(`[part~="fix-button"][data-activation-id="${machine.id}"]`);
          await fix.click();
          const dialog = page.locator("dialog[open]");
          await dialog.waitFor();
          await dialog.locator('[part~="confirm-button"]').click();
          const at = Date.now();
          await dialog
            .waitFor({ state: "detached" })
            .catch(() => dialog.waitFor({ state: "hidden" }));
          await expect
            .poll(async () => (await api.activations.get(machine.id)).status)
            .toBe("deactivated");
          expect(await api.activations.get(machine.id)).toMatchObject({
            deactivatedBy: "customer",
          });
          return at;
        },
      );

      await journey.step("the licensed app's next validation reports DEACTIVATED", async () => {
        const running = app!;
        await running.waitFor(/heartbeat +DEACTIVATED\n/, 10_000);
        await running.waitFor(/validate +DEACTIVATED\n/, 5_000);
        // Within one heartbeat (and the time the app takes to print it).
        expect(Date.now() - deactivatedAt).toBeLessThan(HEARTBEAT_SECONDS * 1000 + 4000);
        expect(running.output()).toContain(validationMessages.DEACTIVATED.sentence);
        expect(running.output()).toContain(validationMessages.DEACTIVATED.action);
        expect(await running.exited()).toBe(2);
        const { data: history } = await api.licenses.listValidations(designTeam.id);
        expect(history[0]).toMatchObject({ code: "DEACTIVATED", valid: false });
        await page.reload();
        await page.locator('[part~="section-history"]').waitFor();
      });

      await journey.step("download an installer and check its SHA-256", async () => {
        const { data } = await api.downloads.list();
        const installer = data
          .flatMap((product) => product.releases)
          .flatMap((release) => release.assets)
          .find(
            (asset) =>
              asset.kind === "installer" && asset.platform === "linux" && asset.downloadable,
          )!;
        await page.locator('[part~="nav-link"]', { hasText: "Downloads" }).click();
        const row = page.locator('[part~="asset"]', { hasText: installer.filename });
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          row.locator('[part~="download-button"]').click(),
        ]);
        expect(download.suggestedFilename()).toBe(installer.filename);
        expect(new URL(download.url()).pathname).toBe(`/dl/${installer.id}/${installer.filename}`);
        const bytes = readFileSync((await download.path())!);
        expect(bytes.byteLength).toBe(installer.size);
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(installer.sha256);
      });

      await journey.step("change the time zone and see the dates change", async () => {
        const me = await api.me.get();
        // A revoked license shows no end date.
        const licenses = (await api.licenses.list({ limit: 100 })).data.filter(
          (license) => license.status !== "revoked",
        );
        // Kiritimati is UTC+14, Pago Pago UTC−11: for any time of day one of them is another day.
        const zone = ["Pacific/Kiritimati", "Pacific/Pago_Pago"].find((candidate) =>
          licenses.some(
            (license) =>
              license.expiresAt &&
              dateIn(license.expiresAt, me.timezone) !== dateIn(license.expiresAt, candidate),
          ),
        )!;
        const license = licenses.find(
          (each) =>
            each.expiresAt && dateIn(each.expiresAt, me.timezone) !== dateIn(each.expiresAt, zone),
        )!;
        await page.locator('[part~="nav-link"]', { hasText: "My Licenses" }).click();
        const expiry = page.locator(`[data-license-id="${license.id}"]:visible [part~="expiry"]`);
        await expect
          .poll(async () => squash(await shownText(expiry)))
          .toContain(dateIn(license.expiresAt!, me.timezone));

        await page.locator('[part~="nav-link"]', { hasText: "Account Settings" }).click();
        const input = page.locator('[part~="zone-input"]');
        await input.fill(zone.split("/")[1]!.replace("_", " "));
        await page.locator('[part~="zone-option"]', { hasText: zone }).first().click();
        await page.locator('[part~="section-region"] [part~="save-button"]').click();
        await page.getByText("Your language and time zone are saved.").waitFor();
        expect((await api.me.get()).timezone).toBe(zone);

        await page.locator('[part~="nav-link"]', { hasText: "My Licenses" }).click();
        await expect
          .poll(async () => squash(await shownText(expiry)))
          .toContain(dateIn(license.expiresAt!, zone));
        expect(squash(await shownText(expiry))).not.toContain(
          dateIn(license.expiresAt!, me.timezone),
        );
      });

      await journey.step("sign out", async () => {
        await page.locator('[part~="sign-out-button"]').click();
        await page.getByLabel("Password").waitFor();
        const me = await page.request.get("/v1/me");
        expect(me.status()).toBe(401);
      });

      expect(journey.pageProblems).toEqual([]);
    } finally {
      await app?.stop();
      await journey.close();
    }
  });

  it("shows a member only her assigned licenses, and no other by its address", async () => {
    const journey = await startJourney(browser, "portal-member", { baseURL: keyport.url });
    onTestFailed(() => journey.markFailed());
    const { page } = journey;
    try {
      const member = await apiAs(MEMBER);
      const owner = await apiAs(OWNER);
      const hers = (await member.licenses.list({ limit: 100 })).data;
      const all = (await owner.licenses.list({ limit: 100 })).data;
      const notHers = all.find((license) => !hers.some((each) => each.id === license.id))!;
      expect(hers.length).toBeGreaterThan(0);
      expect(hers.length).toBeLessThan(all.length);

      await journey.step("sign in as a member", async () => {
        await signIn(journey, MEMBER);
        await page.locator('[part~="nav-link"]', { hasText: "My Licenses" }).click();
        await page.locator('[part~="license-name"]:visible').first().waitFor();
        const shown = (await page.locator('[part~="license-name"]:visible').allInnerTexts()).map(
          squash,
        );
        expect(shown.sort()).toEqual(hers.map((license) => license.name).sort());
      });

      await journey.step("another's license by its address is not found", async () => {
        await page.goto(`/licenses/${notHers.id}`);
        await page.locator('license-detail [part~="state-not-found"]').waitFor();
        // Said once: the license's activations are left out, not a second not-found (or an error).
        await page.locator("activation-manager").waitFor({ state: "detached" });
        expect(await page.locator('[part~="state-not-found"]').count()).toBe(1);
        expect(await page.locator('[part~="state-error"]').count()).toBe(0);
        expect(await page.getByText(notHers.name).count()).toBe(0);
        const error = await member.licenses
          .get(notHers.id)
          .catch((caught: { status?: number }) => caught);
        expect(error).toMatchObject({ status: 404 });
        const direct = await page.request.get(`/v1/licenses/${notHers.id}`);
        expect(direct.status()).toBe(404);
      });

      expect(journey.pageProblems).toEqual([]);
    } finally {
      await journey.close();
    }
  });
});
