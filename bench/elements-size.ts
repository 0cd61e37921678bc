import { elementTags } from "../scripts/element-tags.mjs";
import { type BundleSize, measureBundle } from "./sdk-size.ts";

const KB = 1024;

/**
 * The budgets of issue #11, min+gzip with Lit and the SDK inside, as a vendor's bundler would
 * ship them. Each is the entry's own bundle: what a page loads before anything on demand, i.e.
 * the English page. "All elements ≤ 45 KB" is the elements that issue builds, the four
 * licensing widgets (the "licensing" row); issue #12 asks that these budgets still hold with
 * every other element in the package, which the shared code they carry makes a real check.
 * Every element at once ("all", the whole portal) has a ceiling and no goal
 * (docs/development.md#bundle-sizes says why). A ceiling at or under its goal keeps it met.
 */
export const ELEMENT_SIZE_GOALS_BYTES: Readonly<Record<string, number>> = {
  licensing: 45 * KB,
  "license-list": 18 * KB,
};

/** Issue #11's stretch goal for the licensing widgets: shown, not enforced. */
export const ELEMENT_SIZE_STRETCH_BYTES: Readonly<Record<string, number>> = {
  licensing: 30 * KB,
};

/** What a page loads of an entry: in English, and in German with the strings it fetches then. */
export interface PageCeilings {
  readonly english: number;
  readonly german: number;
}

/**
 * Ceilings that `npm run size` (part of `npm test`) enforces: a little above what each entry
 * weighs now, so no change makes an element heavier unnoticed. Lower them as the bundles
 * shrink; never raise one without saying why in the commit.
 */
export const ELEMENT_SIZE_CEILINGS_BYTES: Readonly<Record<string, PageCeilings>> = {
  all: { english: 67.5 * KB, german: 81 * KB },
  licensing: { english: 33 * KB, german: 38 * KB },
  "license-portal": { english: 67.5 * KB, german: 81 * KB },
  "license-detail": { english: 23.5 * KB, german: 27 * KB },
  "profile-settings": { english: 22 * KB, german: 24.75 * KB },
  "activation-manager": { english: 21.75 * KB, german: 24.25 * KB },
  "account-dashboard": { english: 19.25 * KB, german: 21.75 * KB },
  "account-settings": { english: 19.25 * KB, german: 20.5 * KB },
  // At its goal; a German page fetches 1.6 KB of German strings after it.
  "license-list": { english: 18 * KB, german: 19.75 * KB },
  "download-center": { english: 17.25 * KB, german: 18.5 * KB },
  "login-form": { english: 16.25 * KB, german: 17.5 * KB },
  "portal-provider": { english: 10.5 * KB, german: 10.5 * KB },
};

/** An entry's bundle and what a page loads of it in each language. */
export interface ElementBundleSize extends BundleSize {
  /** The English page: the initial load (`gzippedBytes`). */
  readonly englishBytes: number;
  /** The German page: the initial load and the German catalogues it then fetches. */
  readonly germanBytes: number;
  /** Chunks loaded on demand that are not German strings: none yet, and a page may skip them. */
  readonly otherLazyBytes: number;
}

const isGermanStrings = (input: string) => /(^|[/-])messages-de(-[\w-]+)?\.(js|ts)$/.test(input);

/** Splits a bundle's lazy chunks into the German strings and anything else. */
export function pageSizes(size: BundleSize): ElementBundleSize {
  const german = size.lazyChunks.filter((chunk) => chunk.inputs.every(isGermanStrings));
  const sum = (chunks: readonly { readonly gzippedBytes: number }[]) =>
    chunks.reduce((total, chunk) => total + chunk.gzippedBytes, 0);
  return {
    ...size,
    englishBytes: size.gzippedBytes,
    germanBytes: size.gzippedBytes + sum(german),
    otherLazyBytes: sum(size.lazyChunks) - sum(german),
  };
}

/**
 * The licensing widgets of issue #11, bundled together as a vendor's page with all four would
 * load them: the "licensing" row, beside "all" (every element).
 */
export const LICENSING_WIDGETS = [
  "portal-provider",
  "license-list",
  "license-detail",
  "activation-manager",
] as const;

/**
 * One bundle per tag entry, the licensing widgets together, and one of everything, from the package's build (`elements/dist`,
 * `sdk/dist`): what a vendor's bundler gets from `@keyport/elements/<tag>`, each `import()` a
 * chunk of its own.
 */
export async function measureElementBundles(): Promise<ElementBundleSize[]> {
  const fromBuild = { fromSources: false };
  const sizes: BundleSize[] = [];
  for (const tag of elementTags()) {
    sizes.push(await measureBundle(tag, `import "@keyport/elements/${tag}";`, fromBuild));
  }
  sizes.push(
    await measureBundle(
      "licensing",
      LICENSING_WIDGETS.map((tag) => `import "@keyport/elements/${tag}";`).join("\n"),
      fromBuild,
    ),
  );
  sizes.push(await measureBundle("all", `import "@keyport/elements/define";`, fromBuild));
  return sizes.map(pageSizes);
}

/**
 * Whether both pages of a bundle are under their ceilings and the entry within its goal, if it
 * has one; an entry without ceilings (a new element) is not.
 */
export function withinCeiling(size: ElementBundleSize): boolean {
  const ceiling = ELEMENT_SIZE_CEILINGS_BYTES[size.entry];
  const goal = ELEMENT_SIZE_GOALS_BYTES[size.entry];
  return (
    ceiling !== undefined &&
    (goal === undefined || size.englishBytes <= goal) &&
    size.englishBytes <= ceiling.english &&
    size.germanBytes <= ceiling.german &&
    size.otherLazyBytes === 0
  );
}

/** `npm run size` (and `npm run bench -- elements-size`): a table; fails when an entry is over a ceiling. */
export async function run(): Promise<boolean> {
  const kb = (bytes: number | undefined) =>
    bytes === undefined ? "—" : `${(bytes / KB).toFixed(2)} KB`;
  const sizes = await measureElementBundles();
  process.stdout.write(
    "min+gzip, Lit and the SDK inside; a goal is the entry's own bundle (the English page); a German page loads it and then its German strings\n",
  );
  const columns = ["English page", "German page", "ceilings", "goal"];
  process.stdout.write(
    `${"entry".padEnd(20)} ${columns.map((column, i) => column.padStart(i === 2 ? 21 : 12)).join(" ")}\n`,
  );
  for (const size of sizes) {
    const goal = ELEMENT_SIZE_GOALS_BYTES[size.entry];
    const ceiling = ELEMENT_SIZE_CEILINGS_BYTES[size.entry];
    const stretch = ELEMENT_SIZE_STRETCH_BYTES[size.entry];
    const verdict = !withinCeiling(size)
      ? "  OVER A CEILING"
      : goal === undefined
        ? ""
        : size.englishBytes > goal
          ? `  ${kb(size.englishBytes - goal)} over the goal`
          : [
              "  within the goal",
              stretch !== undefined && size.englishBytes > stretch
                ? ` (stretch ${kb(stretch)}: ${kb(size.englishBytes - stretch)} over)`
                : "",
              `; German strings on demand: +${kb(size.germanBytes - size.englishBytes)}`,
            ].join("");
    const cells = [
      kb(size.englishBytes).padStart(12),
      kb(size.germanBytes).padStart(12),
      (ceiling === undefined ? "—" : `${kb(ceiling.english)} / ${kb(ceiling.german)}`).padStart(21),
      kb(goal).padStart(12),
    ];
    process.stdout.write(`${size.entry.padEnd(20)} ${cells.join(" ")}${verdict}\n`);
  }
  return sizes.every(withinCeiling);
}
