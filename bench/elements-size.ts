import { elementTags } from "../scripts/element-tags.mjs";
import { type BundleSize, measureBundle } from "./sdk-size.ts";

const KB = 1024;

/**
 * The targets of issue #11, min+gzip with Lit and the SDK inside, as a vendor's bundler would
 * ship them: every element together, and `license-list` alone. Not met yet (see
 * docs/development.md#bundle-sizes); the table says how far off each one is.
 */
export const ELEMENT_SIZE_GOALS_BYTES: Readonly<Record<string, number>> = {
  all: 45 * KB,
  "license-list": 18 * KB,
};

/**
 * Ceilings that `npm run size` (part of `npm test`) enforces until the goals are met: a little
 * above what each entry weighs now, so no change makes an element heavier unnoticed. Lower
 * them as the bundles shrink; never raise one without saying why in the commit.
 */
export const ELEMENT_SIZE_CEILINGS_BYTES: Readonly<Record<string, number>> = {
  all: 80 * KB,
  "license-portal": 80 * KB,
  "license-detail": 28 * KB,
  "profile-settings": 25 * KB,
  "activation-manager": 25 * KB,
  "account-dashboard": 22.5 * KB,
  "license-list": 21.5 * KB,
  "account-settings": 21 * KB,
  "download-center": 19 * KB,
  "login-form": 18.5 * KB,
  "portal-provider": 12 * KB,
};

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

/** Whether a bundle is under its ceiling; an entry without one (a new element) is not. */
export function withinCeiling(size: BundleSize): boolean {
  const ceiling = ELEMENT_SIZE_CEILINGS_BYTES[size.entry];
  return ceiling !== undefined && size.gzippedBytes <= ceiling;
}

/** `npm run size` (and `npm run bench -- elements-size`): a table; fails when an entry is over its ceiling. */
export async function run(): Promise<boolean> {
  const kb = (bytes: number | undefined) =>
    bytes === undefined ? "—" : `${(bytes / KB).toFixed(2)} KB`;
  const sizes = await measureElementBundles();
  const columns = ["min", "min+gzip", "ceiling", "goal"];
  process.stdout.write(
    `${"entry (with Lit and the SDK)".padEnd(30)} ${columns.map((c) => c.padStart(10)).join(" ")}\n`,
  );
  for (const size of sizes) {
    const goal = ELEMENT_SIZE_GOALS_BYTES[size.entry];
    const verdict = !withinCeiling(size)
      ? "  OVER CEILING"
      : goal !== undefined && size.gzippedBytes > goal
        ? `  ${kb(size.gzippedBytes - goal)} over the goal`
        : "";
    const cells = [
      size.minifiedBytes,
      size.gzippedBytes,
      ELEMENT_SIZE_CEILINGS_BYTES[size.entry],
      goal,
    ];
    process.stdout.write(
      `${size.entry.padEnd(30)} ${cells.map((cell) => kb(cell).padStart(10)).join(" ")}${verdict}\n`,
    );
  }
  return sizes.every(withinCeiling);
}
