// Run by test/package/pack.test.ts inside a temporary project where the packed tarball is installed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('./node_modules/whetstone/package.json', import.meta.url), 'utf8'));
const subpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json').map((k) => (k === '.' ? 'whetstone' : `whetstone/${k.slice(2)}`));
const mode = process.argv[2];
const load = mode === 'require' ? async (s) => require(s) : (s) => import(s);

const modules = {};
for (const s of subpaths) modules[s] = await load(s);
const core = modules['whetstone/core'];
const backends = modules['whetstone/backends'];
const info = await backends.useBackend('cpu');
const tf = mode === 'require' ? require('@tensorflow/tfjs-core') : await import('@tensorflow/tfjs-core');
const product = await tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).array();
const error = await backends.useBackend('nope').catch((e) => e);
console.log(
  JSON.stringify({
    exports: Object.fromEntries(Object.entries(modules).map(([s, m]) => [s, Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule').length])),
    backend: info.name,
    product,
    uniform: core.createRng(42).uniform(),
    sameClassAcrossSubpaths: modules.whetstone.InvalidArgumentError === core.InvalidArgumentError,
    errorFromBackendsIsCoreClass: error instanceof core.InvalidArgumentError,
  }),
);
