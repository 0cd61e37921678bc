import { describe, expect, it } from "vitest";
import { bearerTokenOf } from "./session-auth.ts";

describe("bearerTokenOf", () => {
  it("reads the token after the scheme, in any case and after any run of space", () => {
    expect(bearerTokenOf("Bearer kpv_abc")).toBe("kpv_abc");
    expect(bearerTokenOf("bearer  kps_xyz")).toBe("kps_xyz");
    expect(bearerTokenOf("BEARER\tkps_xyz")).toBe("kps_xyz");
  });

  it("refuses a missing header, another scheme, no token or more than one", () => {
    for (const header of [undefined, "", "Basic dXNlcg==", "Bearer", "Bearer ", "Bearer a b"]) {
      expect(bearerTokenOf(header), String(header)).toBeNull();
    }
  });
});
