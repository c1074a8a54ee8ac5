// Helpers for the backend matrix: the modules for an in-process (Node) run, and a page served
// from localhost that runs the same scenarios in Chromium against the built ESM bundle (dist/)
// and tfjs's own ESM builds from node_modules, wired together by an import map.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { build, transform } from 'esbuild';
import * as calibration from '../../../src/calibration/index.js';
import * as callbacks from '../../../src/callbacks/index.js';
import * as imbalance from '../../../src/imbalance/index.js';
import * as initializers from '../../../src/initializers/index.js';
import * as optimizers from '../../../src/optimizers/index.js';
import { ROOT } from '../../package/_tools.js';
import type { MatrixModules } from './scenarios.js';

/** The modules for a run in this process (whetstone from src/). */
export const nodeModules: MatrixModules = { tf, tfl, optimizers, calibration, imbalance, callbacks, initializers };

/** Where the page finds each bare specifier (tfjs's single-file ESM builds). */
const IMPORT_MAP = {
  imports: {
    '@tensorflow/tfjs-core': '/node_modules/@tensorflow/tfjs-core/dist/tf-core.fesm.js',
    '@tensorflow/tfjs-layers': '/node_modules/@tensorflow/tfjs-layers/dist/tf-layers.fesm.js',
    '@tensorflow/tfjs-backend-cpu': '/node_modules/@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.fesm.js',
    '@tensorflow/tfjs-backend-webgl': '/node_modules/@tensorflow/tfjs-backend-webgl/dist/tf-backend-webgl.fesm.js',
    '@tensorflow/tfjs-backend-webgpu': '/node_modules/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.fesm.js',
    // seedrandom ships CommonJS only; the page gets an ESM build of it made by esbuild.
    seedrandom: '/_gen/seedrandom.js',
  },
};

const MAIN = `
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as optimizers from '/dist/optimizers/index.js';
import * as calibration from '/dist/calibration/index.js';
import * as imbalance from '/dist/imbalance/index.js';
import * as callbacks from '/dist/callbacks/index.js';
import * as initializers from '/dist/initializers/index.js';
import { backendInfo, useBackend } from '/dist/backends/index.js';
import { runScenarios } from '/_gen/scenarios.js';
window.runMatrix = async (backend) => {
  await useBackend(backend);
  const info = backendInfo();
  const results = await runScenarios({ tf, tfl, optimizers, calibration, imbalance, callbacks, initializers });
  const float32Render = backend === 'webgl' ? tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') : undefined;
  return { info: { name: info.name, isGpu: info.isGpu, floatPrecision: info.floatPrecision, float32Render, missingKernels: info.missingKernels }, results };
};
window.matrixReady = true;
`;

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>whetstone backend matrix</title>
<script type="importmap">${JSON.stringify(IMPORT_MAP)}</script>
<script type="module" src="/_gen/main.js"></script>
</head><body></body></html>`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.map': 'application/json', '.wasm': 'application/wasm' };

/** A localhost server for the matrix page; only dist/ and node_modules/@tensorflow/ are exposed. */
export async function serveMatrixPage(): Promise<{ url: string; close(): Promise<void> }> {
  const seedrandom = await build({
    stdin: {
      contents: "import sr from 'seedrandom'; export default sr; export const { alea, xor128, xorwow, xorshift7, xor4096, tychei } = sr;",
      resolveDir: ROOT,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const scenarios = await transform(await readFile(join(ROOT, 'test/backends/matrix/scenarios.ts'), 'utf8'), { loader: 'ts', format: 'esm', target: 'es2022' });
  const generated: Record<string, string> = {
    '/': PAGE,
    '/_gen/main.js': MAIN,
    '/_gen/seedrandom.js': seedrandom.outputFiles[0]!.text,
    '/_gen/scenarios.js': scenarios.code,
  };
  const allowed = [join(ROOT, 'dist') + sep, join(ROOT, 'node_modules', '@tensorflow') + sep];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const send = (status: number, type: string, body: string | Buffer): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const gen = generated[path];
    if (gen !== undefined) return send(200, path === '/' ? 'text/html' : 'text/javascript', gen);
    const file = normalize(join(ROOT, path));
    if (!allowed.some((dir) => file.startsWith(dir))) return send(404, 'text/plain', 'not found');
    readFile(file).then(
      (body) => send(200, TYPES[extname(file)] ?? 'application/octet-stream', body),
      () => send(404, 'text/plain', 'not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // localhost (not 127.0.0.1 by number) is a secure context, which navigator.gpu requires.
    url: `http://localhost:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Chromium's flags: headless, no network chatter, WebGPU and WebGL2 on SwiftShader (no GPU needed). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--use-angle=swiftshader',
  '--enable-features=Vulkan',
];

/** Debian's chromium (`apt-get install chromium`, which .ci/run installs). */
export const CHROMIUM = '/usr/bin/chromium';
