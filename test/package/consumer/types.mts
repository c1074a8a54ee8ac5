// Type-checked by test/package/pack.test.ts with module "nodenext": the ESM ("import") type files.
import { createRng, type MatrixLike } from 'whetstone/core';
import { useBackend, type BackendInfo } from 'whetstone/backends';
import * as all from 'whetstone';

const m: MatrixLike = [[1, 2]];
const info: Promise<BackendInfo> = useBackend('cpu');
export const checks = [createRng(1).uniform(), m, info, all.createRng] as const;
