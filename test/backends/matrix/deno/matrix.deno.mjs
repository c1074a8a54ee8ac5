// Run by test/backends/matrix/deno.test.ts with `deno run`: the backend matrix's scenarios in Deno,
// through whetstone's built ESM bundle (dist/), on cpu and on webgpu (Mesa's lavapipe software
// adapter on CI). Prints one JSON line: { cpu, cpuMs, webgpu, webgpuMs, info }. Plain JavaScript
// so that the project's tsc (which cannot resolve npm: specifiers) leaves it alone; Deno
// transpiles the TypeScript scenarios it imports.
import * as tf from 'npm:@tensorflow/tfjs-core';
import * as tfl from 'npm:@tensorflow/tfjs-layers';
import { backendInfo, useBackend } from '../../../../dist/backends/index.js';
import * as calibration from '../../../../dist/calibration/index.js';
import * as callbacks from '../../../../dist/callbacks/index.js';
import * as imbalance from '../../../../dist/imbalance/index.js';
import * as initializers from '../../../../dist/initializers/index.js';
import * as optimizers from '../../../../dist/optimizers/index.js';
import { runScenarios } from '../scenarios.ts';

const modules = { tf, tfl, optimizers, calibration, imbalance, callbacks, initializers };

await useBackend('cpu');
let started = performance.now();
const cpu = await runScenarios(modules);
const cpuMs = performance.now() - started;
await useBackend('webgpu');
const info = backendInfo();
started = performance.now();
const webgpu = await runScenarios(modules);
const webgpuMs = performance.now() - started;
console.log(JSON.stringify({ cpu, cpuMs, webgpu, webgpuMs, info: { name: info.name, isGpu: info.isGpu, floatPrecision: info.floatPrecision } }));
