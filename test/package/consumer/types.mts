// Type-checked by test/package/pack.test.ts with module "nodenext": the ESM ("import") type files.
// skipLibCheck is on (tfjs-layers' own .d.ts files fail strict checking), so every import is also
// checked not to have degraded to `any`, which is what an unresolvable type file would give.
import { createRng, type MatrixLike } from 'whetstone/core';
import { useBackend, type BackendInfo } from 'whetstone/backends';
import { logisticRegression, type Classifier } from 'whetstone/estimators';
import { stratifiedKFold, type Fold } from 'whetstone/folds';
import { rocAucScore } from 'whetstone/metrics';
import * as all from 'whetstone';

type IsAny<T> = 0 extends 1 & T ? true : false;
const notAny: [IsAny<typeof createRng>, IsAny<typeof useBackend>, IsAny<typeof logisticRegression>, IsAny<typeof stratifiedKFold>, IsAny<typeof rocAucScore>, IsAny<typeof all.createRng>] = [false, false, false, false, false, false];

const m: MatrixLike = [[1, 2]];
const info: Promise<BackendInfo> = useBackend('cpu');
const clf: Classifier = logisticRegression({ C: 1 });
const folds: Fold[] = stratifiedKFold([0, 1, 0, 1], { k: 2 });
const auc: number = rocAucScore([0, 1], [0.2, 0.7]);
export const checks = [notAny, createRng(1).uniform(), m, info, clf, folds, auc] as const;
