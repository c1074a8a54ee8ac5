// Replaced by the package's version at build time (tsup's and vitest's `define`); a run from the
// sources without either (tsx, Deno on src/) has no version to report.
declare const __WHETSTONE_VERSION__: string | undefined;

/**
 * The version of whetstone in use (`package.json`'s `version`), or `'unknown'` when running from
 * unbuilt sources. Reports (`studyReport`) record it.
 *
 * @example
 * ```ts
 * import { whetstoneVersion } from 'whetstone/core';
 * console.log(`whetstone ${whetstoneVersion}`);
 * ```
 */
export const whetstoneVersion: string = typeof __WHETSTONE_VERSION__ === 'string' ? __WHETSTONE_VERSION__ : 'unknown';
