// Runs before every test file (vitest setupFiles): tfjs starts on the cpu backend, with gradients
// registered. Files that test other backends switch with describeEachBackend or useBackend.
import { beforeAll } from 'vitest';
import { useBackend } from '../../src/backends/index.js';

beforeAll(async () => {
  await useBackend('cpu');
});
