// The framework snippets of docs/embedding.md cannot run here (no React, Vue or Svelte in this
// repository), so they are held to what can be checked: the JSX parses, and every tag,
// attribute, property and event they use is one the elements reference lists.
import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";

interface ElementApi {
  readonly attributes: Set<string>;
  readonly properties: Set<string>;
  readonly events: Set<string>;
}

/** docs/elements-reference.md (generated from the Custom Elements Manifest), per tag. */
function readReference(): Map<string, ElementApi> {
  const reference = readFileSync("docs/elements-reference.md", "utf8");
  const elements = new Map<string, ElementApi>();
  for (const section of reference.split(/^## /m).slice(1)) {
    const tag = /^`<([a-z-]+)>`/.exec(section)?.[1];
    if (!tag) continue;
    const column = (heading: string) => {
      const table = section.split(/^### /m).find((part) => part.startsWith(heading)) ?? "";
      return new Set([...table.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]!));
    };
    const properties = column("Properties");
    // The attributes table also names each attribute's property.
    const attributesTable =
      section.split(/^### /m).find((part) => part.startsWith("Attributes")) ?? "";
    for (const match of attributesTable.matchAll(/^\| `[^`]+` \| `([^`]+)` \|/gm))
      properties.add(match[1]!);
    elements.set(tag, { attributes: column("Attributes"), properties, events: column("Events") });
  }
  return elements;
}

const reference = readReference();
const SNIPPETS = [
  "examples/embedding/react-account-page.jsx",
  "examples/embedding/vue-account-page.vue",
  "examples/embedding/svelte-account-page.svelte",
  "examples/embedding/account-page.html",
];
/** Attributes that belong to the framework or to HTML, not to the element. */
const FRAMEWORK_ATTRIBUTES = /^(ref|key|class|id|slot|bind:this|v-.*|@.*|:.*|on[a-z-]+)$/;

function usesOf(source: string) {
  const tags = [...source.matchAll(/<([a-z]+(?:-[a-z]+)+)([^>]*)>/g)].map((match) => ({
    tag: match[1]!,
    attributes: [...match[2]!.matchAll(/\s([.@:]?[a-zA-Z][\w:.-]*)=/g)].map((each) => each[1]!),
  }));
  const events = [
    ...source.matchAll(/addEventListener\("([a-z-]+)"/g),
    ...source.matchAll(/\s@([a-z-]+)=/g),
  ].map((match) => match[1]!);
  return { tags, events };
}

describe("docs/embedding.md's framework snippets", () => {
  it("knows the elements (the reference is there)", () => {
    expect(reference.get("portal-provider")?.properties.has("fetchToken")).toBe(true);
    expect(reference.get("activation-manager")?.events.has("activation-deactivated")).toBe(true);
  });

  it.each(SNIPPETS)("%s uses only tags, attributes, properties and events that exist", (file) => {
    const { tags, events } = usesOf(readFileSync(file, "utf8"));
    expect(tags.length).toBeGreaterThan(0);
    for (const { tag, attributes } of tags) {
      const api = reference.get(tag);
      expect(api, `<${tag}>`).toBeDefined();
      for (const attribute of attributes) {
        if (attribute.startsWith(".")) {
          expect(api!.properties.has(attribute.slice(1)), `<${tag}> .${attribute}`).toBe(true);
        } else if (/^[a-z]+[A-Z]/.test(attribute)) {
          // Svelte's `fetchToken={…}` sets the property of that name.
          expect(api!.properties.has(attribute), `<${tag}> ${attribute}`).toBe(true);
        } else if (!FRAMEWORK_ATTRIBUTES.test(attribute)) {
          expect(api!.attributes.has(attribute), `<${tag} ${attribute}>`).toBe(true);
        }
      }
    }
    const known = new Set(tags.flatMap(({ tag }) => [...(reference.get(tag)?.events ?? [])]));
    for (const event of events) expect(known.has(event), event).toBe(true);
  });

  it("the React snippet is valid JSX", () => {
    const file = "examples/embedding/react-account-page.jsx";
    const source = ts.createSourceFile(
      file,
      readFileSync(file, "utf8"),
      ts.ScriptTarget.ES2022,
      true,
      ts.ScriptKind.JSX,
    );
    const diagnostics = (source as unknown as { parseDiagnostics: ts.Diagnostic[] })
      .parseDiagnostics;
    expect(diagnostics.map((diagnostic) => diagnostic.messageText)).toEqual([]);
  });
});
