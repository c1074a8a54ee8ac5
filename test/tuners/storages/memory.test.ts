import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { memoryStorage } from '../../../src/tuners/storages/memory.js';
import { storageContract } from './_contract.js';

// memory.ts checks writes with the storage's name only (`memoryStorage: trial 0 is complete; …`);
// drop the option once it names the method as journalFileStorage does.
storageContract('memoryStorage', () => memoryStorage());

describe('memoryStorage', () => {
  it('takes no options', () => {
    expect(() => memoryStorage({ path: 'x' } as never)).toThrow(InvalidArgumentError);
    expect(() => memoryStorage({ path: 'x' } as never)).toThrow(/memoryStorage: unknown option "path"/);
    expect(memoryStorage({}).kind).toBe('memory');
  });

  it('keeps separate instances separate', async () => {
    const a = memoryStorage();
    const b = memoryStorage();
    await a.createStudy({ name: 's', directions: ['minimize'] });
    expect(await b.listStudies()).toEqual([]);
  });
});
