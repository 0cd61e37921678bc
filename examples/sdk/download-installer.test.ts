import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createPortalClient, type PortalClient } from "@keyport/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KeyportProcess, startKeyport } from "../testing/keyport-process.ts";
import { downloadAsset, findInstaller } from "./download-installer.ts";

let keyport: KeyportProcess;
let client: PortalClient;
const out = mkdtempSync(join(tmpdir(), "keyport-downloads-"));

beforeAll(async () => {
  keyport = await startKeyport();
  client = createPortalClient({ baseUrl: keyport.url });
  await client.auth.login({
    email: "olivia.owner@example.com",
    password: keyport.demo.password,
    tokenType: "bearer",
  });
});
afterAll(async () => {
  await keyport?.close();
  rmSync(out, { recursive: true, force: true });
});

/** A fetch whose first download breaks after `cutAt` bytes, as a dropped connection would. */
function flakyFetch(cutAt: number) {
  const requests: { url: string; range: string | null; status: number }[] = [];
  const fetcher: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const range = new Headers(init?.headers).get("range");
    requests.push({ url: String(input), range, status: response.status });
    if (requests.length > 1 || response.body === null) return response;
    let sent = 0;
    const reader = response.body.getReader();
    const broken = new ReadableStream<Uint8Array>({
      async pull(controller) {
        // Erroring drops what is queued, so the cut comes on the read after the last bytes.
        if (sent >= cutAt) {
          await reader.cancel();
          return controller.error(new TypeError("terminated: other side closed"));
        }
        const { done, value } = await reader.read();
        if (done) return controller.close();
        const chunk = value.subarray(0, cutAt - sent);
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    return new Response(broken, { status: response.status, headers: response.headers });
  };
  return { fetcher, requests };
}

describe("examples/sdk/download-installer", () => {
  it("finds the newest covered installer for a platform", async () => {
    const choice = await findInstaller(client, { product: "Acme Studio", platform: "linux" });
    expect(choice).toBeDefined();
    const { data } = await client.downloads.list();
    const studio = data.find((product) => product.name === "Acme Studio")!;
    const newestStable = studio.releases.find(
      (release) =>
        release.channel === "stable" &&
        release.covered &&
        release.assets.some((asset) => asset.platform === "linux" && asset.kind === "installer"),
    )!;
    expect(choice!.release.version).toBe(newestStable.version);
    expect(choice!.asset).toMatchObject({
      kind: "installer",
      platform: "linux",
      downloadable: true,
    });
  });

  it("resumes a broken download with Range and checks its SHA-256", async () => {
    const { asset } = (await findInstaller(client, { product: "Acme Studio", platform: "linux" }))!;
    const cutAt = Math.floor(asset.size / 3);
    const { fetcher, requests } = flakyFetch(cutAt);

    const result = await downloadAsset(client, asset, { directory: out, fetch: fetcher });

    expect(result.resumedFrom).toEqual([cutAt]);
    expect(requests.map(({ range, status }) => [range, status])).toEqual([
      [null, 200],
      [`bytes=${cutAt}-`, 206],
    ]);
    const bytes = readFileSync(result.path);
    expect(bytes.byteLength).toBe(asset.size);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(asset.sha256);
  });

  it("throws away a partial file whose bytes do not add up to the listed SHA-256", async () => {
    const { asset } = (await findInstaller(client, { platform: "macos" }))!;
    const directory = join(out, "corrupt");
    rmSync(directory, { recursive: true, force: true });
    await downloadAsset(client, asset, { directory }); // a good copy, to spoil
    const good = readFileSync(join(directory, asset.filename));
    writeFileSync(join(directory, `${asset.filename}.part`), Buffer.alloc(1000, 0x2a));
    rmSync(join(directory, asset.filename));

    const error = await downloadAsset(client, asset, { directory }).catch(
      (caught: Error) => caught,
    );

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("SHA-256");
    expect(() => readFileSync(join(directory, `${asset.filename}.part`))).toThrow();
    expect(good.byteLength).toBe(asset.size);
  });

  it("runs as a script: lists the licenses and saves the installer", async () => {
    const directory = join(out, "script");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "--conditions=keyport:source",
        "--import",
        "tsx",
        "examples/sdk/download-installer.ts",
        "--product",
        "Acme Studio",
        "--platform",
        "windows",
        "--out",
        directory,
      ],
      {
        env: {
          ...process.env,
          KEYPORT_URL: keyport.url,
          KEYPORT_EMAIL: "olivia.owner@example.com",
          KEYPORT_PASSWORD: keyport.demo.password,
        },
      },
    );
    expect(stdout).toContain("My licenses:");
    expect(stdout).toContain("Acme Studio Pro — Design team (Acme Studio): active");
    const saved = /Saved (\S+); SHA-256 ([0-9a-f]{64}) verified/.exec(stdout);
    expect(saved).not.toBeNull();
    const bytes = readFileSync(saved![1]!);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(saved![2]);
  });
});
