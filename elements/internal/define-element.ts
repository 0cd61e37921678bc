/**
 * Registers `tag` for `element` unless the tag is taken already: loading the
 * script-tag bundle and an npm build on one page, or one entry twice, must not
 * throw. A tag taken by another class is left alone, since the first
 * registration wins in the browser anyway.
 *
 * @example
 * defineElement("license-list", LicenseList);
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (customElements.get(tag) === undefined) customElements.define(tag, element);
}
