// Type-checked by test/package/pack.test.ts with module "nodenext": the CJS ("require") type files.
import core = require('whetstone/core');
import backends = require('whetstone/backends');
import estimators = require('whetstone/estimators');
import all = require('whetstone');

type IsAny<T> = 0 extends 1 & T ? true : false;
const notAny: [IsAny<typeof core.createRng>, IsAny<typeof backends.useBackend>, IsAny<typeof estimators.logisticRegression>, IsAny<typeof all.createRng>] = [false, false, false, false];
const info: Promise<backends.BackendInfo> = backends.useBackend('cpu');
export const checks = [notAny, core.createRng(1).uniform(), info, all.createRng] as const;
