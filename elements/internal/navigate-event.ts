import type { MyLicense } from "@keyport/sdk";

/** The portal's areas an element can send the customer to; the portal shell routes them. */
export type KeyportArea =
  | "dashboard"
  | "licenses"
  | "activations"
  | "downloads"
  | "activity"
  | "profile"
  | "account";

/** A part of a license's detail worth opening at once. */
export type LicenseSection = "diagnosis" | "activations";

/**
 * Detail of `keyport-navigate`: where the customer asked to go. `licenseId`
 * opens one license (at `section` when set); `status` filters a list of licenses.
 */
export interface KeyportNavigateDetail {
  readonly area: KeyportArea;
  readonly licenseId?: string;
  readonly section?: LicenseSection;
  readonly status?: MyLicense["status"];
}

declare module "./events.ts" {
  interface KeyportEventMap {
    "keyport-navigate": CustomEvent<KeyportNavigateDetail>;
  }
}
