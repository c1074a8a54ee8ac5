// The journal's line format: lossless for every JSON value plus NaN, ±Infinity and -0, anywhere in
// an operation, and one line per transaction.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTransaction, encodeTransaction, headerLine, headerProblem } from '../../../src/tuners/storages/_internal/journal-codec.js';
import { opMethod } from '../../../src/tuners/storages/_internal/state.js';
import type { StorageOp } from '../../../src/tuners/storages/_internal/state.js';

// Strings that collide with the tags, on top of arbitrary ones.
const trickyString = fc.oneof(fc.string(), fc.constantFrom('~', '~~', '~NaN', '~~NaN', '~Infinity', '~-0', '~x', '\n', '\u2028', 'é\u0000'));
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.double(), // includes NaN, ±Infinity and -0
    fc.integer(),
    trickyString,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(trickyString, tie('v'), { maxKeys: 4 }),
  ),
})).v;

describe('journal line format', () => {
  it('round-trips any attribute value exactly, on one line', () => {
    fc.assert(
      fc.property(trickyString, value, fc.array(fc.double(), { maxLength: 3 }), (key, v, values) => {
        const ops: StorageOp[] = [
          { op: 'setTrialUserAttr', trialId: 3, key, value: v as never },
          { op: 'finishTrial', trialId: 3, state: 'complete', values, error: null, at: '2026-01-01T00:00:00.000Z' },
        ];
        const line = encodeTransaction(ops);
        expect(line.endsWith('\n')).toBe(true);
        expect(line.indexOf('\n')).toBe(line.length - 1);
        const back = decodeTransaction(line.slice(0, -1));
        // toEqual tells NaN from null and -0 from 0.
        expect(back).toEqual(ops);
      }),
      { numRuns: 300 },
    );
  });

  it('writes the non-JSON numbers as tagged strings and escapes strings that look like tags', () => {
    const line = encodeTransaction([{ op: 'setTrialIntermediateValue', trialId: 0, step: 1, value: -Infinity }]);
    expect(line.slice(12)).toBe('{"op":"setTrialIntermediateValue","trialId":0,"step":1,"value":"~-Infinity"}]\n');
    expect(encodeTransaction([{ op: 'setTrialUserAttr', trialId: 0, key: '~k', value: ['~NaN', -0, NaN] }]).slice(12)).toBe(
      '{"op":"setTrialUserAttr","trialId":0,"key":"~~k","value":["~~NaN","~-0","~NaN"]}]\n',
    );
  });

  it('starts each line with an FNV-1a checksum of its operations, and refuses a line that does not match', () => {
    // FNV-1a 32 of "abc" is 1a47e90b (the published test vector): here, of the operations' text.
    const body = '{"op":"deleteStudy","studyId":1}';
    let h = 0x811c9dc5;
    for (const ch of body) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
    const line = encodeTransaction([{ op: 'deleteStudy', studyId: 1 }]);
    expect(line).toBe(`["${(h >>> 0).toString(16).padStart(8, '0')}",${body}]\n`);
    expect(decodeTransaction(line.trim())).toEqual([{ op: 'deleteStudy', studyId: 1 }]);
    expect(() => decodeTransaction(line.trim().replace('"studyId":1', '"studyId":2'))).toThrow(/checksum mismatch/);
    // A torn line glued to the end of another: valid JSON shape, wrong checksum.
    const other = encodeTransaction([{ op: 'deleteStudy', studyId: 7 }]).trim();
    expect(() => decodeTransaction(line.slice(0, 30) + other.slice(30))).toThrow(/checksum mismatch/);
  });

  it('refuses lines that are not transactions', () => {
    const sealed = (body: string): string => {
      let h = 0x811c9dc5;
      for (const ch of body) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
      return `["${(h >>> 0).toString(16).padStart(8, '0')}",${body}]`;
    };
    expect(() => decodeTransaction('{"op":"createStudy"}')).toThrow(/must be \["<checksum>", operations…\]/);
    expect(() => decodeTransaction('[{"op":"createStudy"}]')).toThrow(/must be \["<checksum>"/);
    expect(() => decodeTransaction(sealed('1'))).toThrow(/must hold operations/);
    expect(() => decodeTransaction(sealed('{"op":"x","v":"~nope"}'))).toThrow(/unknown tagged value "~nope"/);
    expect(() => decodeTransaction(sealed('{"op":"x"'))).toThrow(SyntaxError);
  });

  it('starts a journal with a versioned header and recognizes it', () => {
    expect(headerLine()).toBe('{"format":"whetstone-journal","version":1}\n');
    expect(headerProblem(headerLine().trim())).toBeNull();
    expect(headerProblem('{"format":"whetstone-journal","version":2}')).toMatch(/format version 2/);
    expect(headerProblem('{"format":"optuna"}')).toMatch(/not a whetstone-journal header/);
    expect(headerProblem('x,y')).toMatch(/not JSON/);
  });

  it('names the Storage method that writes each op', () => {
    expect(opMethod({ op: 'createTrial', studyId: 0, template: {}, at: '' })).toBe('startTrial');
    expect(opMethod({ op: 'claimTrial', trialId: 0, at: '' })).toBe('startTrial');
    expect(opMethod({ op: 'setTrialParam', trialId: 0, name: 'x', value: 0, distribution: { type: 'categorical', choices: [1] } })).toBe('setTrialParam');
  });
});
