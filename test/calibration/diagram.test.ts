// The reliability diagram: well-formed, escaped, deterministic SVG whose marks sit where the
// reliability curve and the histogram say; bad input rejected with the model named.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng, InvalidArgumentError, ShapeError } from '../../src/core/index.js';
import { reliabilityDiagram } from '../../src/calibration/diagram.js';
import { expectedCalibrationError, reliabilityCurve } from '../../src/calibration/reliability.js';
import { okabeIto } from '../../src/plots/colors.js';
import { expectNoLeaks } from '../_support/leaks.js';
import { byClass, byName, parseXml, textContent, type XmlElement } from '../plots/_xml.js';

function sample(seed: number, n: number, distort: (p: number) => number): { yTrue: number[]; yProb: number[] } {
  const rng = createRng(seed);
  const yProb: number[] = [];
  const yTrue: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = rng.uniform();
    yProb.push(p);
    yTrue.push(rng.uniform() < distort(p) ? 1 : 0);
  }
  return { yTrue, yProb };
}

const a = sample(1, 300, (p) => p * p);
const b = sample(2, 300, (p) => p);

/** The two panel frames: unfilled rectangles stroked in ink, upper panel first. */
function frames(root: XmlElement): { x: number; y: number; w: number; h: number }[] {
  return byName(root, 'rect')
    .filter((r) => r.attrs.fill === 'none' && r.attrs.stroke === '#333333')
    .map((r) => ({ x: Number(r.attrs.x), y: Number(r.attrs.y), w: Number(r.attrs.width), h: Number(r.attrs.height) }));
}

describe('reliabilityDiagram draws', () => {
  it('a well-formed SVG with the curves, the diagonal, the histogram and a legend', () => {
    const svg = reliabilityDiagram([{ name: 'raw', ...a }, { name: 'calibrated', ...b }], { title: 'Test split' });
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    expect(root.attrs.class).toBe('ws-chart ws-reliability-diagram');
    expect(byClass(root, 'ws-line')).toHaveLength(2);
    expect(byClass(root, 'ws-diagonal')).toHaveLength(1);
    expect(byClass(root, 'ws-diagonal')[0]!.attrs['stroke-dasharray']).toBe('6 4');
    expect(byClass(root, 'ws-histogram')).toHaveLength(2);
    const legend = textContent(byClass(root, 'ws-legend')[0]!);
    expect(legend).toContain('Perfectly calibrated');
    expect(legend).toContain('raw (ECE ');
    expect(byClass(root, 'ws-title').map(textContent)).toEqual(['Test split']);
    expect(byClass(root, 'ws-line').map((l) => l.attrs.stroke)).toEqual([okabeIto[0], okabeIto[1]]);
    expect(svg.endsWith('</svg>\n')).toBe(true);
  });

  it('one point per non-empty bin, placed at (probPred, probTrue)', () => {
    const curve = reliabilityCurve(a.yTrue, a.yProb, { bins: 8 });
    const root = parseXml(reliabilityDiagram({ name: 'm', ...a }, { bins: 8 }));
    const [upper] = frames(root);
    const points = byClass(root, 'ws-point');
    expect(points).toHaveLength(curve.probPred.length);
    points.forEach((pt, j) => {
      expect(Math.abs(Number(pt.attrs.cx) - (upper!.x + curve.probPred[j]! * upper!.w))).toBeLessThanOrEqual(0.006);
      expect(Math.abs(Number(pt.attrs.cy) - (upper!.y + (1 - curve.probTrue[j]!) * upper!.h))).toBeLessThanOrEqual(0.006);
      expect(textContent(pt)).toContain(`${curve.counts[j]} rows`);
    });
    // The first bin includes 0, the others are open on the left.
    expect(textContent(points[0]!)).toContain('bin [0, 0.125]');
    expect(textContent(points[1]!)).toContain('bin (0.125, 0.25]');
  });

  it('histogram bars proportional to counts per uniform bin, side by side', () => {
    const root = parseXml(reliabilityDiagram([{ name: 'a', ...a }, { name: 'b', ...b }], { bins: 5 }));
    const [, lower] = frames(root);
    const groups = byClass(root, 'ws-histogram');
    const expected = [a, b].map((m) => {
      const counts = [0, 0, 0, 0, 0];
      // Uniform bins (lo, hi], the first holding 0.
      for (const p of m.yProb) counts[Math.max(0, Math.ceil(p * 5) - 1)]!++;
      return counts;
    });
    const perPixel: number[] = [];
    groups.forEach((g, m) => {
      const rects = byName(g, 'rect');
      expect(rects.map((r) => textContent(r).match(/, (\d+) rows/)![1]).map(Number)).toEqual(expected[m]!.filter((c) => c > 0));
      rects.forEach((r, j) => {
        const h = Number(r.attrs.height);
        expect(Math.abs(Number(r.attrs.y) + h - (lower!.y + lower!.h))).toBeLessThanOrEqual(0.01);
        perPixel.push(h / expected[m]![j]!);
        // Model m's bar sits in the m-th half of its bin.
        const x = Number(r.attrs.x);
        const binLeft = lower!.x + (j / 5) * lower!.w;
        expect(x).toBeGreaterThanOrEqual(binLeft + (m * lower!.w) / 10 - 0.01);
        expect(x + Number(r.attrs.width)).toBeLessThanOrEqual(binLeft + ((m + 1) * lower!.w) / 10 + 0.01);
      });
    });
    for (const r of perPixel) expect(Math.abs(r - perPixel[0]!)).toBeLessThanOrEqual(0.01);
  });

  it('legend ECE equals expectedCalibrationError with the same bins and strategy', () => {
    for (const strategy of ['uniform', 'quantile'] as const) {
      const svg = reliabilityDiagram({ name: 'm', ...a }, { bins: 7, strategy });
      const ece = expectedCalibrationError(a.yTrue, a.yProb, { bins: 7, strategy });
      expect(textContent(byClass(parseXml(svg), 'ws-legend')[0]!)).toContain(`m (ECE ${Number(ece.toPrecision(3))})`);
    }
    const plain = reliabilityDiagram({ name: 'm', ...a }, { showEce: false });
    expect(textContent(byClass(parseXml(plain), 'ws-legend')[0]!)).toBe('Perfectly calibratedm');
  });

  it('escapes labels and stays well-formed', () => {
    const nasty = 'a<b & "c" \'d\' \u0001 ]]>';
    const svg = reliabilityDiagram({ name: nasty, ...a }, { title: '<title>&' });
    const root = parseXml(svg);
    expect(svg).not.toContain('a<b');
    expect(byClass(root, 'ws-title').map(textContent)).toEqual(['<title>&']);
    expect(textContent(byClass(root, 'ws-legend')[0]!)).toContain('a<b & "c" \'d\' \ufffd ]]>');
  });

  it('is deterministic', () => {
    const make = (): string => reliabilityDiagram([{ name: 'a', ...a }, { name: 'b', ...b, color: '#123456' }], { bins: 12, strategy: 'quantile' });
    expect(make()).toBe(make());
    expect(make()).toContain('stroke="#123456"');
  });

  it('multiclass models as top-label confidence against accuracy; tensors in, nothing leaked', async () => {
    const probs = tf.tensor2d([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.2, 0.5, 0.3]]);
    const y = tf.tensor1d([0, 1, 1, 2]);
    const svg = await expectNoLeaks(() => reliabilityDiagram({ name: 'softmax', yTrue: y, yProb: probs }, { bins: 4 }));
    const root = parseXml(svg);
    const labels = textContent(byClass(root, 'ws-labels')[0]!);
    expect(labels).toContain('Confidence');
    expect(labels).toContain('Accuracy');
    // Confidences 0.7, 0.8 (correct) and 0.4, 0.5 (wrong): bins (0.25, 0.5] and (0.5, 0.75], (0.75, 1].
    expect(byClass(root, 'ws-point')).toHaveLength(3);
    expect(probs.isDisposed || y.isDisposed).toBe(false);
    tf.dispose([probs, y]);
  });

  it('weights change the histogram axis to total weight', () => {
    const svg = reliabilityDiagram({ name: 'w', ...a, sampleWeight: a.yProb.map(() => 0.5) }, { bins: 4 });
    const root = parseXml(svg);
    expect(textContent(byClass(root, 'ws-labels')[0]!)).toContain('Weight');
    expect(textContent(byClass(root, 'ws-point')[0]!)).toContain('total weight');
  });

  it('shortens long legend names and keeps the full name as hover text', () => {
    const name = 'a model with a very long name that goes on and on';
    const root = parseXml(reliabilityDiagram({ name, ...a }));
    const legend = byClass(root, 'ws-legend')[0]!;
    const texts = byName(legend, 'text').map(textContent);
    expect(texts[1]!.length).toBe(40);
    expect(texts[1]!.endsWith('…')).toBe(true);
    expect(byName(legend, 'title').map(textContent)[0]).toMatch(new RegExp(`^${name} \\(ECE 0\\.\\d+\\)$`));
  });

  it('mixed binary and multiclass models name both readings on the axes', () => {
    const root = parseXml(reliabilityDiagram([{ name: 'bin', ...a }, { name: 'multi', yTrue: [0, 1, 2], yProb: [[0.8, 0.1, 0.1], [0.2, 0.6, 0.2], [0.3, 0.3, 0.4]] }]));
    const labels = textContent(byClass(root, 'ws-labels')[0]!);
    expect(labels).toContain('Fraction of positives / accuracy');
    expect(labels).toContain('confidence (multiclass)');
  });

  it('a tiny model with one row and one bin', () => {
    const root = parseXml(reliabilityDiagram({ name: 'one', yTrue: [1], yProb: [1] }, { bins: 1, width: 200, height: 200 }));
    expect(byClass(root, 'ws-point')).toHaveLength(1);
    expect(byName(byClass(root, 'ws-histogram')[0]!, 'rect')).toHaveLength(1);
  });
});

describe('reliabilityDiagram rejects', () => {
  const ok = { name: 'm', yTrue: [0, 1], yProb: [0.2, 0.8] };
  const cases: [string, () => unknown, RegExp][] = [
    ['an empty list', () => reliabilityDiagram([]), /argument "models" must be an array of at least 1 element/],
    ['a model without a name', () => reliabilityDiagram([{ yTrue: [0], yProb: [0.1] } as never]), /option "models\[0\]\.name" must be a string \(it is required\)/],
    ['an unknown model field', () => reliabilityDiagram([ok, { ...ok, proba: 1 } as never]), /unknown option "models\[1\]\.proba"/],
    ['probabilities above 1, naming the model', () => reliabilityDiagram([ok, { ...ok, yProb: [0.5, 1.5] }]), /argument "models\[1\]\.yProb" must be made of probabilities in \[0, 1\] \(at index 1\); got 1\.5\./],
    ['labels not 0/1', () => reliabilityDiagram({ ...ok, yTrue: [3, 4] }), /option "models\[0\]\.posLabel" must be given/],
    ['NaN', () => reliabilityDiagram({ ...ok, yProb: [Number.NaN, 0.5] }), /"models\[0\]\.yProb" must contain only finite numbers; got NaN/],
    ['rows not summing to 1', () => reliabilityDiagram({ name: 'm', yTrue: [0, 1], yProb: [[0.5, 0.6], [0.5, 0.5]] }), /rows of probabilities summing to 1/],
    ['bins 0', () => reliabilityDiagram(ok, { bins: 0 }), /option "bins" must be an integer in \[1, 1000\]; got 0\./],
    ['a bad strategy', () => reliabilityDiagram(ok, { strategy: 'kmeans' as never }), /option "strategy"/],
    ['a too small width', () => reliabilityDiagram(ok, { width: 60 }), /option "width" must be a number >= \d+/],
    ['a too small height', () => reliabilityDiagram(ok, { height: 100 }), /option "height" must be a number >= \d+/],
    ['an unknown option', () => reliabilityDiagram(ok, { nBins: 3 } as never), /unknown option "nBins"/],
  ];
  for (const [what, call, message] of cases) {
    it(what, () => {
      expect(call).toThrow(message);
      expect(call).toThrow(/^reliabilityDiagram: /);
      expect(call).toThrow(InvalidArgumentError);
    });
  }
  it('lengths that differ (ShapeError)', () => {
    expect(() => reliabilityDiagram({ ...ok, yTrue: [0, 1, 1] })).toThrow(ShapeError);
    expect(() => reliabilityDiagram({ ...ok, yTrue: [0, 1, 1] })).toThrow(/models\[0\]\.yTrue/);
  });
});
