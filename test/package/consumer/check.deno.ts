// Run by test/package/pack.test.ts with Deno, importing the installed tarball through npm: specifiers.
import * as tf from 'npm:@tensorflow/tfjs-core';

const pkg = JSON.parse(await Deno.readTextFile(new URL('./node_modules/whetstone/package.json', import.meta.url)));
const subpaths = Object.keys(pkg.exports)
  .filter((k) => k !== './package.json')
  .map((k) => (k === '.' ? 'whetstone' : `whetstone/${k.slice(2)}`));
const modules: Record<string, Record<string, unknown>> = {};
for (const s of subpaths) modules[s] = await import(`npm:${s}`);
const core = modules['whetstone/core'] as typeof import('npm:whetstone/core');
const backends = modules['whetstone/backends'] as typeof import('npm:whetstone/backends');

const info = await backends.useBackend('cpu');
const product = await tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).array();
const error = await backends.useBackend('nope' as 'cpu').catch((e: unknown) => e);
console.log(
  JSON.stringify({
    exports: Object.fromEntries(Object.entries(modules).map(([s, m]) => [s, Object.keys(m).filter((k) => k !== 'default').length])),
    backend: info.name,
    product,
    uniform: core.createRng(42).uniform(),
    sameClassAcrossSubpaths: modules.whetstone!.InvalidArgumentError === core.InvalidArgumentError,
    errorFromBackendsIsCoreClass: error instanceof core.InvalidArgumentError,
  }),
);
