import { describe, expect, it } from "vitest";
import {
  type Coverage,
  type CoverageLicense,
  coverageOf,
  coversRelease,
  entitlementBlock,
  opensDocs,
  releaseBlock,
} from "./download-coverage.ts";

const NOW = new Date("2026-06-15T12:00:00.000Z");
const at = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

function license(fields: Partial<CoverageLicense>): CoverageLicense {
  return {
    expires_at: null,
    maintenance_expires_at: null,
    suspended_at: null,
    revoked_at: null,
    expiration_strategy: "restrict",
    ...fields,
  };
}

describe("coverageOf", () => {
  it("takes the maintenance end, else the expiry, else no end, before expiry", () => {
    expect(coverageOf(license({}), NOW)).toEqual({ kind: "until", until: null, source: "expiry" });
    expect(coverageOf(license({ expires_at: at("2027-01-01") }), NOW)).toEqual({
      kind: "until",
      until: at("2027-01-01"),
      source: "expiry",
    });
    expect(
      coverageOf(
        license({ expires_at: at("2027-01-01"), maintenance_expires_at: at("2026-03-01") }),
        NOW,
      ),
    ).toEqual({ kind: "until", until: at("2026-03-01"), source: "maintenance" });
  });

  it("treats the moment of expiry as expired, as license-status does", () => {
    const expiring = license({ expires_at: NOW, expiration_strategy: "revoke" });
    expect(coverageOf(expiring, NOW)).toEqual({ kind: "none", code: "LICENSE_EXPIRED", at: NOW });
    expect(coverageOf(expiring, new Date(NOW.getTime() - 1)).kind).toBe("until");
  });

  it("puts revoked before suspended, as license-status does", () => {
    const both = license({ revoked_at: at("2026-05-01"), suspended_at: at("2026-04-01") });
    expect(coverageOf(both, NOW)).toEqual({
      kind: "none",
      code: "LICENSE_REVOKED",
      at: at("2026-05-01"),
    });
  });
});

describe("coversRelease and opensDocs", () => {
  const until: Coverage = { kind: "until", until: at("2026-05-01"), source: "maintenance" };
  it("covers releases published at or before the end", () => {
    expect(coversRelease(until, at("2026-05-01"))).toBe(true);
    expect(coversRelease(until, new Date(at("2026-05-01").getTime() + 1))).toBe(false);
    expect(coversRelease({ kind: "until", until: null, source: "expiry" }, NOW)).toBe(true);
  });

  it("opens docs for expired licenses, not for suspended or revoked ones", () => {
    expect(opensDocs({ kind: "none", code: "LICENSE_EXPIRED", at: NOW })).toBe(true);
    expect(opensDocs({ kind: "none", code: "LICENSE_SUSPENDED", at: NOW })).toBe(false);
    expect(opensDocs({ kind: "none", code: "LICENSE_REVOKED", at: NOW })).toBe(false);
    expect(opensDocs(until)).toBe(true);
  });
});

describe("releaseBlock", () => {
  const release = { version: "3.0.0", publishedAt: at("2026-06-01") };

  it("names the latest coverage end among the licenses, whatever else they say", () => {
    const block = releaseBlock(
      [
        { kind: "none", code: "LICENSE_EXPIRED", at: at("2026-06-10") },
        { kind: "until", until: at("2026-02-01"), source: "maintenance" },
        { kind: "until", until: at("2026-04-30"), source: "maintenance" },
      ],
      release,
    );
    expect(block).toEqual({
      code: "MAINTENANCE_ENDED",
      message:
        "Released on 1 June 2026 after your maintenance ended on 30 April 2026; renew to get 3.0.0.",
      at: at("2026-04-30"),
    });
  });

  it("says the license expired when the bound is the expiry", () => {
    const block = releaseBlock(
      [{ kind: "until", until: at("2026-05-20"), source: "expiry" }],
      release,
    );
    expect(block.message).toBe(
      "Released on 1 June 2026 after your license expired on 20 May 2026; renew to get 3.0.0.",
    );
  });

  it("prefers an expiry to a suspension to a revocation", () => {
    const expired: Coverage = { kind: "none", code: "LICENSE_EXPIRED", at: at("2026-05-01") };
    const suspended: Coverage = { kind: "none", code: "LICENSE_SUSPENDED", at: at("2026-05-02") };
    const revoked: Coverage = { kind: "none", code: "LICENSE_REVOKED", at: at("2026-05-03") };
    expect(releaseBlock([revoked, suspended, expired], release).code).toBe("LICENSE_EXPIRED");
    expect(releaseBlock([revoked, suspended], release)).toEqual({
      code: "LICENSE_SUSPENDED",
      message: "Your license was suspended on 2 May 2026; contact support.",
      at: at("2026-05-02"),
    });
    expect(releaseBlock([revoked], release).message).toBe(
      "Your license was revoked on 3 May 2026.",
    );
  });
});

describe("entitlementBlock", () => {
  it("names the missing codes", () => {
    expect(entitlementBlock(["sso", "pro"]).message).toBe(
      "This file needs the entitlements sso, pro, which your license does not include.",
    );
    expect(entitlementBlock(["sso"]).missing).toEqual(["sso"]);
  });
});
