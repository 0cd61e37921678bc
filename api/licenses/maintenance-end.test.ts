import { describe, expect, it } from "vitest";
import { maintenanceEnd, maintenanceEndOf } from "./maintenance-end.ts";

const expiry = new Date("2027-06-30T00:00:00Z");
const maintenance = new Date("2027-12-31T00:00:00Z");

describe("maintenanceEnd", () => {
  it("is the maintenance date when there is one, whether before or after the expiry", () => {
    expect(maintenanceEnd({ maintenanceExpiresAt: maintenance, expiresAt: expiry })).toBe(
      maintenance,
    );
    expect(maintenanceEnd({ maintenanceExpiresAt: expiry, expiresAt: maintenance })).toBe(expiry);
    expect(maintenanceEnd({ maintenanceExpiresAt: maintenance, expiresAt: null })).toBe(
      maintenance,
    );
  });

  it("is the expiry without a maintenance date, and never with neither", () => {
    expect(maintenanceEnd({ maintenanceExpiresAt: null, expiresAt: expiry })).toBe(expiry);
    expect(maintenanceEnd({ maintenanceExpiresAt: null, expiresAt: null })).toBeNull();
  });

  it("reads a license row the same way", () => {
    expect(maintenanceEndOf({ maintenance_expires_at: null, expires_at: expiry })).toBe(expiry);
    expect(maintenanceEndOf({ maintenance_expires_at: maintenance, expires_at: expiry })).toBe(
      maintenance,
    );
  });
});
