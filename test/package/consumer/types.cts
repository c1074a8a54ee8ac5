// Type-checked by test/package/pack.test.ts with module "nodenext": the CJS ("require") type files.
import core = require('whetstone/core');
import backends = require('whetstone/backends');
import all = require('whetstone');

const info: Promise<backends.BackendInfo> = backends.useBackend('cpu');
export const checks = [core.createRng(1).uniform(), info, all.createRng] as const;
