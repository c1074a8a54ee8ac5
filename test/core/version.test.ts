import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { whetstoneVersion } from '../../src/core/index.js';

describe('whetstoneVersion', () => {
  it("is package.json's version (defined at build time, and by vitest for the sources)", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(whetstoneVersion).toBe(pkg.version);
  });
});
