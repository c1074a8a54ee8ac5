// Node's fs and os, imported on first use so that importing whetstone/tuners in a browser (where
// only the memory storage can work) does not fail, and bundlers do not try to resolve them (the
// specifiers are built at run time, as study.ts does for node:os). Internal.
import { InvalidArgumentError } from '../../../core/errors.js';

/** The Node modules the journal storage needs. */
export interface NodeModules {
  readonly fs: typeof import('node:fs/promises');
  readonly os: typeof import('node:os');
}

let loaded: Promise<NodeModules> | undefined;

/** Import node:fs/promises and node:os once; rejects with InvalidArgumentError outside Node/Deno. */
export function nodeModules(): Promise<NodeModules> {
  loaded ??= (async () => {
    try {
      const [fs, os] = await Promise.all([
        import(/* @vite-ignore */ ['node', 'fs/promises'].join(':')) as Promise<typeof import('node:fs/promises')>,
        import(/* @vite-ignore */ ['node', 'os'].join(':')) as Promise<typeof import('node:os')>,
      ]);
      return { fs, os };
    } catch (error) {
      loaded = undefined;
      throw new InvalidArgumentError('journalFileStorage: needs a file system (node:fs could not be imported); use memoryStorage in browsers.', { cause: error });
    }
  })();
  return loaded;
}
