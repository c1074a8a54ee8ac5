// Child process for journal-processes.test.ts: a journal-file study whose objective is slow, printing
// `start <n>` when trial n begins and `done <n>` when it returns, for the kill -9 and two-process
// tests. Usage: node --import tsx study-run.ts <journal> <studyName> <trials> <sleepMs> <random|grid> [goFile]
// With goFile, it prints `ready` once the study is open and waits for goFile to exist before it
// optimizes, so that two workers start together.
import { existsSync } from 'node:fs';
import { createStudy } from '../../../../src/tuners/study.js';
import { nopPruner } from '../../../../src/tuners/pruners/nop.js';
import { gridSampler } from '../../../../src/tuners/samplers/grid.js';
import { randomSampler } from '../../../../src/tuners/samplers/random.js';
import { journalFileStorage } from '../../../../src/tuners/storages/journal-file.js';
import type { Sampler } from '../../../../src/tuners/types.js';

const [path, studyName, trialsText, sleepText, samplerName, goFile] = process.argv.slice(2);

const sampler: Sampler = samplerName === 'grid' ? gridSampler({ a: [0, 1, 2, 3], b: ['x', 'y', 'z'] }, { seed: 1 }) : randomSampler({ seed: process.pid });
const study = await createStudy({ storage: journalFileStorage(path!), studyName: studyName!, loadIfExists: true, sampler, pruner: nopPruner() });
if (goFile !== undefined) {
  process.stdout.write('ready\n');
  while (!existsSync(goFile)) await new Promise((resolve) => setTimeout(resolve, 10));
}
await study.optimize(
  async (trial) => {
    const value = samplerName === 'grid' ? Number(trial.int('a', 0, 3)) + ['x', 'y', 'z'].indexOf(trial.categorical('b', ['x', 'y', 'z'])) / 10 : trial.float('x', 0, 1);
    process.stdout.write(`start ${trial.number}\n`);
    await new Promise((resolve) => setTimeout(resolve, Number(sleepText)));
    process.stdout.write(`done ${trial.number}\n`);
    return value;
  },
  { trials: Number(trialsText) },
);
await study.storage.close?.();
process.stdout.write('finished\n');
