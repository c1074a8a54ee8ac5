/** Public module names (folders under src/ with an index.ts), `core` first. */
export function moduleNames(): string[];
/** tsup `entry` object: output path (without extension) to source file. */
export function tsupEntries(): Record<string, string>;
/** Generated files that differ from what scripts/entries.mjs would write. */
export function drift(): string[];
