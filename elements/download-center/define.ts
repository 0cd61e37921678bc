// `@keyport/elements/download-center`: registers <download-center> and exports its class.
import { defineElement } from "../internal/define-element.ts";
import { DownloadCenter } from "./download-center.ts";

export { DownloadCenter };

defineElement("download-center", DownloadCenter);

declare global {
  interface HTMLElementTagNameMap {
    "download-center": DownloadCenter;
  }
}
