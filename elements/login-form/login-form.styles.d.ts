/**
 * A narrow card (at most 26rem) that fills smaller containers; with `theme`
 * set it paints its own surface and outline, as on the standalone portal.
 */
export declare const loginFormStyles: import("lit").CSSResult;
