// Child process for journal-processes.test.ts: take the journal's lock (startTrial runs `decide` under
// it), say so, and spin there until killed. Usage: node --import tsx hold-lock.ts <journal>
import { journalFileStorage } from '../../../../src/tuners/storages/journal-file.js';

const storage = journalFileStorage(process.argv[2]!);
const study = await storage.createStudy({ name: 'held', directions: ['minimize'] });
await storage.startTrial(study.id, () => {
  process.stdout.write('holding\n');
  // Spin: the test kills the process here, lock in hand. The bound only keeps a failed test from
  // leaving it spinning.
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    // Nothing: the lock stays held.
  }
  process.exit(1);
});
