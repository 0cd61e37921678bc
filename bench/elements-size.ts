import { elementTags } from "../scripts/element-tags.mjs";
import { type BundleSize, measureBundle } from "./sdk-size.ts";

/** Budgets of issue #11, min+gzip with Lit and the SDK inside, as a vendor's bundler would ship them. */
export const ELEMENT_BUDGETS_BYTES = {
  /** Every element, registered through `@keyport/elements/define`. */
  all: 45 * 1024,
  /** `@keyport/elements/license-list` alone. */
  "license-list": 18 * 1024,
} as const;

/**
 * One bundle per tag entry, and one of everything, from the package's build (`elements/dist`,
 * `sdk/dist`): what a vendor's bundler gets from `@keyport/elements/<tag>`.
 */
export async function measureElementBundles(): Promise<BundleSize[]> {
  const fromBuild = { fromSources: false };
  const sizes: BundleSize[] = [];
  for (const tag of elementTags()) {
    sizes.push(await measureBundle(tag, `import "@keyport/elements/${tag}";`, fromBuild));
  }
  sizes.push(await measureBundle("all", `import "@keyport/elements/define";`, fromBuild));
  return sizes;
}

/** Whether a measured bundle is within its budget; bundles without one always are. */
export function withinBudget(size: BundleSize): boolean {
  const budget = ELEMENT_BUDGETS_BYTES[size.entry as keyof typeof ELEMENT_BUDGETS_BYTES];
  return budget === undefined || size.gzippedBytes <= budget;
}

/** `npm run size` (and `npm run bench -- elements-size`): a table; fails when a bundle is over budget. */
export async function run(): Promise<boolean> {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
  const sizes = await measureElementBundles();
  process.stdout.write(
    `${"entry (with Lit and the SDK)".padEnd(30)} ${"min".padStart(10)} ${"min+gzip".padStart(10)} ${"budget".padStart(10)}\n`,
  );
  for (const size of sizes) {
    const budget = ELEMENT_BUDGETS_BYTES[size.entry as keyof typeof ELEMENT_BUDGETS_BYTES];
    const verdict = withinBudget(size) ? "" : "  OVER BUDGET";
    process.stdout.write(
      `${size.entry.padEnd(30)} ${kb(size.minifiedBytes).padStart(10)} ${kb(size.gzippedBytes).padStart(10)} ${(budget === undefined ? "—" : kb(budget)).padStart(10)}${verdict}\n`,
    );
  }
  return sizes.every(withinBudget);
}
