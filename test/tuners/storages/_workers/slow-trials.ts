// Child process for journal-processes.test.ts: run trials on a journal, each reporting an intermediate
// value and then sleeping before it completes, printing `complete <number>` after each, until it is
// killed (or, should a test fail to kill it, for 30 s). Usage: node --import tsx slow-trials.ts <journal> <studyName> <sleepMs>
import { hostname } from 'node:os';
import { journalFileStorage } from '../../../../src/tuners/storages/journal-file.js';

const [path, studyName, sleepText] = process.argv.slice(2);
const storage = journalFileStorage(path!);
const study = await storage.createStudy({ name: studyName!, directions: ['minimize'], loadIfExists: true });
const worker = { host: hostname(), pid: process.pid, token: globalThis.crypto.randomUUID() };
const until = Date.now() + 30_000;
while (Date.now() < until) {
  const t = await storage.startTrial(study.id, () => ({ create: { systemAttrs: { worker } } }));
  await storage.setTrialIntermediateValue(t.id, 0, t.number);
  process.stdout.write(`running ${t.number}\n`);
  await new Promise((resolve) => setTimeout(resolve, Number(sleepText)));
  await storage.finishTrial(t.id, 'complete', [t.number]);
  process.stdout.write(`complete ${t.number}\n`);
}
