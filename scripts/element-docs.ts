// `npm run docs:elements`: writes docs/elements-reference.md from the Custom Elements Manifest
// (attributes, properties, methods, events, parts, slots of every element). A test fails when
// the committed page differs from what the sources say, as the SDK's generated types do.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";

interface Described {
  readonly name: string;
  readonly description?: string;
}
interface Member extends Described {
  readonly kind: "field" | "method";
  readonly privacy?: "public" | "private" | "protected";
  readonly static?: boolean;
  readonly readonly?: boolean;
  readonly type?: { readonly text: string };
  readonly inheritedFrom?: { readonly name: string };
}
interface Attribute extends Described {
  readonly fieldName?: string;
  readonly type?: { readonly text: string };
}
interface Declaration extends Described {
  readonly kind: string;
  readonly tagName?: string;
  readonly summary?: string;
  readonly attributes?: readonly Attribute[];
  readonly members?: readonly Member[];
  readonly events?: readonly Described[];
  readonly cssParts?: readonly Described[];
  readonly cssProperties?: readonly Described[];
  readonly slots?: readonly Described[];
}
export interface Manifest {
  readonly modules: readonly {
    readonly path: string;
    readonly declarations?: readonly Declaration[];
  }[];
}

const root = new URL("..", import.meta.url).pathname;
export const REFERENCE_PATH = `${root}docs/elements-reference.md`;

/**
 * Runs the analyzer (about a second) into a folder of its own, so that a build writing
 * elements/custom-elements.json at the same time cannot hand it a half-written file.
 */
export function readManifest(): Manifest {
  const outdir = `node_modules/.cache/keyport-cem-${process.pid}`;
  try {
    execFileSync(
      "npx",
      [
        "cem",
        "analyze",
        "--config",
        "elements/custom-elements-manifest.config.mjs",
        "--outdir",
        outdir,
      ],
      { cwd: root, stdio: "ignore" },
    );
    return JSON.parse(readFileSync(`${root}${outdir}/custom-elements.json`, "utf8")) as Manifest;
  } finally {
    rmSync(`${root}${outdir}`, { recursive: true, force: true });
  }
}

/** Table cells stay on one line; pipes would end the cell. */
const cell = (text: string | undefined) =>
  (text ?? "").replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
const code = (text: string | undefined) => (text ? `\`${text.replace(/\|/g, "\\|")}\`` : "");

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return "";
  return [
    `| ${headers.join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

/** The element's own CSS properties: the theme tokens every element shares are listed once. */
const SHARED_CSS_FROM = "KeyportElement";

function section(element: Declaration, modulePath: string): string {
  const attributes = element.attributes ?? [];
  const attributeFields = new Set(attributes.map((attribute) => attribute.fieldName));
  const publicMembers = (element.members ?? []).filter(
    (member) =>
      !member.static && (member.privacy ?? "public") === "public" && !member.name.startsWith("#"),
  );
  const properties = publicMembers.filter(
    (member) => member.kind === "field" && !attributeFields.has(member.name),
  );
  const methods = publicMembers.filter((member) => member.kind === "method");
  const ownCssProperties = (element.cssProperties ?? []).filter(
    (property) =>
      !(property as Member).inheritedFrom ||
      (property as Member).inheritedFrom?.name !== SHARED_CSS_FROM,
  );
  return [
    `## \`<${element.tagName}>\``,
    cell(element.summary ?? element.description),
    `Class \`${element.name}\` · register with \`import "@keyport/elements/${element.tagName}";\` · source \`${modulePath}\``,
    attributes.length > 0 ? "### Attributes" : "",
    table(
      ["attribute", "property", "type", "description"],
      attributes.map((a) => [
        code(a.name),
        code(a.fieldName),
        code(a.type?.text),
        cell(a.description),
      ]),
    ),
    properties.length > 0 ? "### Properties" : "",
    table(
      ["property", "type", "description"],
      properties.map((p) => [code(p.name), code(p.type?.text), cell(p.description)]),
    ),
    methods.length > 0 ? "### Methods" : "",
    table(
      ["method", "description"],
      methods.map((m) => [code(`${m.name}()`), cell(m.description)]),
    ),
    (element.events ?? []).length > 0 ? "### Events" : "",
    table(
      ["event", "description"],
      (element.events ?? []).map((e) => [code(e.name), cell(e.description)]),
    ),
    (element.cssParts ?? []).length > 0 ? "### CSS parts" : "",
    table(
      ["part", "description"],
      (element.cssParts ?? []).map((p) => [code(p.name), cell(p.description)]),
    ),
    (element.slots ?? []).length > 0 ? "### Slots" : "",
    table(
      ["slot", "description"],
      (element.slots ?? []).map((s) => [
        s.name === "" ? "(default)" : code(s.name),
        cell(s.description),
      ]),
    ),
    ownCssProperties.length > 0 ? "### CSS properties" : "",
    table(
      ["property", "description"],
      ownCssProperties.map((p) => [code(p.name), cell(p.description)]),
    ),
  ]
    .filter((part) => part !== "")
    .join("\n\n");
}

/** The whole reference page, elements in tag order. */
export function renderElementReference(manifest: Manifest): string {
  const elements = manifest.modules
    .flatMap((module) =>
      (module.declarations ?? [])
        .filter((declaration) => declaration.tagName !== undefined)
        .map((declaration) => ({ declaration, path: module.path })),
    )
    .sort((a, b) => a.declaration.tagName!.localeCompare(b.declaration.tagName!));
  return [
    "# Elements reference",
    [
      "Generated from the Custom Elements Manifest by `npm run docs:elements`; do not edit by hand.",
      "The guide, with snippets and screenshots, is [Elements](elements.md). Every element also has",
      "the shared attributes, states, parts and `--keyport-*` properties described there.",
    ].join("\n"),
    ...elements.map(({ declaration, path }) => section(declaration, path)),
  ]
    .join("\n\n")
    .concat("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(REFERENCE_PATH, renderElementReference(readManifest()));
  process.stdout.write(`wrote ${REFERENCE_PATH}\n`);
}
