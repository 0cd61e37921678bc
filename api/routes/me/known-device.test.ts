import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../accounts/user-service.ts";
import { createKnownDevices } from "../../auth/known-device.ts";
import { createId } from "../../core/ids.ts";
import { insertAccount } from "../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";

const PASSWORD = "correct horse battery staple";
const DEVICE_COOKIE = "__Host-keyport-device";

let t: TestContext;
let accountId: string;
beforeAll(async () => {
  t = await createTestContext();
  accountId = await insertAccount(t.deps.db, "Known Device Test");
});
afterAll(() => t.close());

let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;

async function newUser() {
  const email = `${createId("usr").slice(-10).toLowerCase()}@example.com`;
  const user = await createUser(t.deps.db, {
    accountId,
    email,
    name: "Ada Lovelace",
    role: "admin",
    password: PASSWORD,
  });
  return { id: user.id, email };
}

function login(email: string, password: string, { ip = freshIp(), device = "" } = {}) {
  return t.publicApp.request(
    "/v1/auth/login",
    {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(device ? { cookie: `${DEVICE_COOKIE}=${device}` } : {}),
      },
      body: JSON.stringify({ email, password, tokenType: "cookie" }),
    },
    { incoming: { socket: { remoteAddress: ip } } },
  );
}

/** The known-device cookie an answer sets, with its attributes. */
function deviceCookieOf(res: Response): { value: string; attributes: string } {
  const header = res.headers.getSetCookie().find((line) => line.startsWith(`${DEVICE_COOKIE}=`));
  expect(header, "a known-device cookie").toBeTruthy();
  const [pair, ...attributes] = (header ?? "").split(";");
  return { value: pair!.slice(DEVICE_COOKIE.length + 1), attributes: attributes.join(";") };
}

/** Someone else's wrong guesses, from many addresses, until the address is locked. */
async function lockOut(email: string) {
  const statuses: number[] = [];
  for (let attempt = 1; attempt <= 11; attempt++) {
    statuses.push((await login(email, `wrong guess ${attempt}`)).status);
  }
  expect(statuses.at(-1)).toBe(429);
}

describe("sign-in from a known device", () => {
  it("is a portal (cookie) sign-in thing: a bearer sign-in sets no cookie at all", async () => {
    const { email } = await newUser();
    const res = await t.publicApp.request(
      "/v1/auth/login",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: PASSWORD, tokenType: "bearer" }),
      },
      { incoming: { socket: { remoteAddress: freshIp() } } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("sets a long-lived, HttpOnly, Secure, SameSite=Strict device cookie at a successful sign-in", async () => {
    const { email } = await newUser();
    const res = await login(email, PASSWORD);
    expect(res.status).toBe(200);
    const { value, attributes } = deviceCookieOf(res);
    expect(value).toMatch(/^v1\./);
    expect(attributes).toMatch(/HttpOnly/);
    expect(attributes).toMatch(/Secure/);
    expect(attributes).toMatch(/SameSite=Strict/);
    expect(attributes).toMatch(/Path=\//);
    const expires = new Date(/Expires=([^;]+)/.exec(attributes)?.[1] ?? "").getTime();
    expect(expires - Date.now()).toBeGreaterThan(90 * 24 * 60 * 60 * 1000);
  });

  it("lets the right password from a device that signed in before through an address locked by others", async () => {
    const { email } = await newUser();
    const device = deviceCookieOf(await login(email, PASSWORD)).value;
    await lockOut(email);
    // Without the second signal the lockout holds, even with the right password.
    expect((await login(email, PASSWORD)).status).toBe(429);
    const res = await login(email, PASSWORD, { device });
    expect(res.status).toBe(200);
    expect(
      res.headers.getSetCookie().some((line) => line.startsWith("__Host-keyport-session=kps_")),
    ).toBe(true);
    // The device cookie alone is no way in: a wrong password is still wrong.
    expect((await login(email, "not the password", { device })).status).toBe(401);
  });

  it("does not trust a forged, altered, expired or someone else's device cookie", async () => {
    const { email } = await newUser();
    const other = await newUser();
    const mine = deviceCookieOf(await login(email, PASSWORD)).value;
    const theirs = deviceCookieOf(await login(other.email, PASSWORD)).value;
    await lockOut(email);
    const altered = `${mine.slice(0, -2)}${mine.endsWith("AA") ? "BB" : "AA"}`;
    const forgedKey = createKnownDevices(new Uint8Array(32).fill(7)).issue(
      mine.split(".")[1]!,
    ).value;
    const devices = createKnownDevices(t.deps.config.licenseKeySecret);
    const [, userId] = mine.split(".");
    const expired = devices.issue(userId!, new Date(Date.now() - 200 * 24 * 60 * 60 * 1000)).value;
    for (const device of [altered, forgedKey, theirs, expired, "v1.garbage"]) {
      expect((await login(email, PASSWORD, { device })).status).toBe(429);
    }
  });

  it("gives a known device its own limit: ten wrong passwords from it block it too", async () => {
    const { email } = await newUser();
    const device = deviceCookieOf(await login(email, PASSWORD)).value;
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 11; attempt++) {
      statuses.push((await login(email, `wrong ${attempt}`, { device })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    expect((await login(email, PASSWORD, { device })).status).toBe(429);
  });
});
