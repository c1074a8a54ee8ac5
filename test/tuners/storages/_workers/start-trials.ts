// Child process for journal-processes.test.ts: start and finish `count` trials on a shared journal as
// fast as possible, recording in each trial how many trials `decide` saw (which, if startTrial is
// atomic across processes, equals the new trial's number).
// Usage: node --import tsx start-trials.ts <journal> <studyName> <count>
import { hostname } from 'node:os';
import { journalFileStorage } from '../../../../src/tuners/storages/journal-file.js';

const [path, studyName, countText] = process.argv.slice(2);
const storage = journalFileStorage(path!, { lockTimeoutMs: 20_000 });
const study = await storage.createStudy({ name: studyName!, directions: ['minimize'], loadIfExists: true });
const worker = { host: hostname(), pid: process.pid, token: globalThis.crypto.randomUUID() };
for (let i = 0; i < Number(countText); i++) {
  const t = await storage.startTrial(study.id, (trials) => ({ create: { systemAttrs: { worker, seen: trials.length } } }));
  await storage.finishTrial(t.id, 'complete', [i]);
}
await storage.close();
process.stdout.write('done\n');
