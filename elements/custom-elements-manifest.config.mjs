// The Custom Elements Manifest of @keyport/elements (`npm run build:manifest`): attributes,
// properties, events, parts, slots and CSS properties of every element, read from the sources'
// JSDoc (`@summary`, `@event`, `@csspart`, `@cssproperty`, `@slot`). Editors, Storybook and the
// docs read it; the package ships it as `custom-elements.json`.
export default {
  globs: ["elements/**/*.ts"],
  exclude: [
    "elements/**/*.test.ts",
    "elements/**/*test-helpers.ts",
    "elements/**/*.fixtures.ts",
    "elements/**/*test-api.ts",
    "elements/dist/**",
  ],
  outdir: "elements",
  litelement: true,
  packagejson: false,
};
