import { defineMessages } from "../internal/i18n.ts";

const en = {
  "search.label": "Search",
  "search.placeholder": "Name, product, end of key",
  "status.label": "Status",
  "status.all": "All statuses",
  "status.active": "Active",
  "status.expiring": "Expiring soon",
  "status.expired": "Expired",
  "status.suspended": "Suspended",
  "status.revoked": "Revoked",
  "product.label": "Product",
  "product.all": "All products",
  caption: "Your licenses",
  "column.license": "License",
  "column.status": "Status",
  "column.key": "Key",
  "column.seats": "In use",
  expires: "Expires {date}",
  expired: "Expired {date}",
  "no-end": "No end date",
  "load-more": "Load more",
  "loading-more": "Loading more…",
  "load-more.failed": "More licenses could not be loaded. Try again in a moment.",
  shown: {
    one: "{count} license shown",
    other: "{count} licenses shown",
  },
  "shown.more": {
    one: "{count} license shown, more to load",
    other: "{count} licenses shown, more to load",
  },
  empty: "No licenses yet.",
  "empty.hint":
    "When you buy a product, or someone on your team assigns a license to you, it shows up here with its key and the machines it covers.",
  "filtered.empty": "No licenses match these filters.",
  "filtered.hint": "Try another search or status, or clear the filters to see all your licenses.",
  "filters.clear": "Clear filters",
};

/** A key of `licenseListMessages`. */
export type LicenseListMessageKey = keyof typeof en;

/** The strings of `<license-list>`; status words, keys and seats come from the shared catalogues. */
export const licenseListMessages = defineMessages({
  en,
  de: () => import("./license-list-messages-de.ts"),
});
