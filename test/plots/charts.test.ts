import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { barChart, facetCharts, lineChart, okabeIto, parallelCoordinatesChart, scatterChart, viridis } from '../../src/plots/index.js';
import { byClass, byName, parseXml, textContent, type XmlElement } from './_xml.js';

const EVIL = '<script>alert("x&y")</script>';

/** Tick labels of the chart, in document order. */
function tickLabels(root: XmlElement): string[] {
  return byClass(root, 'ws-labels').flatMap((g) => g.children.filter((c) => c.name === 'text' && c.attrs.class === undefined).map(textContent));
}

function desc(root: XmlElement): string {
  return textContent(byName(root, 'desc')[0]!);
}

function expectError(f: () => unknown, fn: string, pattern: RegExp): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidArgumentError);
  const message = (error as Error).message;
  expect(message.startsWith(`${fn}: `), message).toBe(true);
  expect(message).toMatch(pattern);
}

describe('colours', () => {
  it('viridis runs from dark purple to yellow, clamped', () => {
    expect(viridis(0)).toBe('#440154');
    expect(viridis(1)).toBe('#fde725');
    expect(viridis(0.5)).toBe('#21918c');
    expect(viridis(-3)).toBe(viridis(0));
    expect(viridis(7)).toBe(viridis(1));
    expect(() => viridis(NaN)).toThrow(/viridis: argument "t" must be a finite number/);
  });

  it('okabeIto is the 8-colour palette, frozen', () => {
    expect(okabeIto).toHaveLength(8);
    expect(new Set(okabeIto).size).toBe(8);
    expect(Object.isFrozen(okabeIto)).toBe(true);
  });
});

describe('lineChart', () => {
  const x = [1, 2, 3, 4, 5];
  const twoSeries = (): Parameters<typeof lineChart>[0] => ({
    series: [
      { name: 'train', x, y: [0.9, 0.5, 0.4, 0.35, 0.3], markers: true },
      { name: 'val', x, y: [1, 0.7, NaN, 0.6, 0.62], dash: true },
    ],
    title: 'Loss',
    xLabel: 'epoch',
    yLabel: 'loss',
  });

  it('draws one path per series, markers, a legend, and is well-formed', () => {
    const svg = lineChart(twoSeries());
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    expect(root.attrs.width).toBe('640');
    expect(byClass(root, 'ws-line')).toHaveLength(2);
    expect(byClass(root, 'ws-point')).toHaveLength(5);
    expect(byClass(root, 'ws-legend')).toHaveLength(1);
    expect(textContent(byClass(root, 'ws-legend')[0]!)).toBe('trainval');
    expect(byClass(root, 'ws-line')[1]!.attrs['stroke-dasharray']).toBe('6 4');
    expect(byClass(root, 'ws-line')[0]!.attrs.stroke).toBe(okabeIto[0]);
    expect(byClass(root, 'ws-line')[1]!.attrs.stroke).toBe(okabeIto[1]);
    expect(textContent(byName(root, 'title')[0]!)).toBe('Loss');
  });

  it('skips non-finite points, breaks the line there and counts them in <desc>', () => {
    const root = parseXml(lineChart(twoSeries()));
    const d = byClass(root, 'ws-line')[1]!.attrs.d!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(2);
    expect(desc(root)).toMatch(/9 points\. 1 point with non-finite values \(NaN or Infinity\) skipped\./);
    const clean = parseXml(lineChart({ series: [{ name: 'a', x, y: x }] }));
    expect(desc(clean)).not.toMatch(/skipped/);
  });

  it('places points by value: x grows rightwards, y upwards', () => {
    const root = parseXml(lineChart({ series: [{ name: 's', x: [0, 1, 2], y: [2, 0, 1], markers: true }] }));
    const pts = byClass(root, 'ws-point').map((c) => [Number(c.attrs.cx), Number(c.attrs.cy)] as const);
    expect(pts[0]![0]).toBeLessThan(pts[1]![0]);
    expect(pts[1]![0]).toBeLessThan(pts[2]![0]);
    expect(pts[0]![1]).toBeLessThan(pts[2]![1]);
    expect(pts[2]![1]).toBeLessThan(pts[1]![1]);
    // Evenly spaced x values land evenly spaced on screen.
    expect(pts[1]![0] - pts[0]![0]).toBeCloseTo(pts[2]![0] - pts[1]![0], 1);
  });

  it('labels linear axes with nice ticks and log axes with powers of ten', () => {
    const lin = parseXml(lineChart({ series: [{ name: 's', x: [0, 1], y: [0, 1] }] }));
    expect(tickLabels(lin)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0', '0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    const log = parseXml(lineChart({ series: [{ name: 's', x: [1, 2], y: [1e-5, 0.1] }], yScale: 'log' }));
    expect(tickLabels(log).slice(-5)).toEqual(['1e-5', '0.0001', '0.001', '0.01', '0.1']);
    // On a log axis, equal ratios are equal distances.
    const root = parseXml(lineChart({ series: [{ name: 's', x: [1, 10, 100], y: [1, 2, 3], markers: true }], xScale: 'log' }));
    const cx = byClass(root, 'ws-point').map((c) => Number(c.attrs.cx));
    expect(cx[1]! - cx[0]!).toBeCloseTo(cx[2]! - cx[1]!, 1);
  });

  it('covers xDomain and yDomain', () => {
    const root = parseXml(lineChart({ series: [{ name: 's', x: [0.2, 0.4], y: [0.3, 0.5] }], xDomain: [0, 1], yDomain: [0, 1] }));
    const labels = tickLabels(root);
    expect(labels[0]).toBe('0.0');
    expect(labels).toContain('1.0');
  });

  it('escapes every label', () => {
    const svg = lineChart({
      series: [{ name: EVIL, x: [1], y: [1], markers: true }, { name: "a'b", x: [1], y: [2] }],
      title: EVIL, xLabel: EVIL, yLabel: '&amp;',
    });
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    const root = parseXml(svg);
    expect(byName(root, 'script')).toHaveLength(0);
    expect(textContent(byName(root, 'title')[0]!)).toBe(EVIL);
    expect(textContent(root)).toContain('&amp;');
  });

  it('replaces characters XML cannot hold', () => {
    const svg = lineChart({ series: [{ name: 'a\u0001b', x: [1], y: [1] }], title: 'x\ud800y 😀' });
    const root = parseXml(svg);
    expect(textContent(byName(root, 'title')[0]!)).toBe('x\ufffdy 😀');
    expect(svg).not.toContain('\u0001');
  });

  it('is deterministic and does not touch its inputs', () => {
    const opts = twoSeries();
    const frozen = Object.freeze({ ...opts, series: Object.freeze(opts.series.map((s) => Object.freeze({ ...s, x: Object.freeze(Array.from(s.x)) as unknown as number[] }))) });
    expect(lineChart(frozen)).toBe(lineChart(twoSeries()));
    expect(lineChart({ series: [{ name: 's', x: new Float64Array([1, 2]), y: new Float32Array([3, 4]) }] })).toBe(lineChart({ series: [{ name: 's', x: [1, 2], y: [3, 4] }] }));
  });

  it('hides the legend for one series unless asked', () => {
    expect(byClass(parseXml(lineChart({ series: [{ name: 's', x: [1], y: [1] }] })), 'ws-legend')).toHaveLength(0);
    expect(byClass(parseXml(lineChart({ series: [{ name: 's', x: [1], y: [1] }], legend: true })), 'ws-legend')).toHaveLength(1);
    expect(byClass(parseXml(lineChart({ ...twoSeries(), legend: false })), 'ws-legend')).toHaveLength(0);
  });

  it('rejects bad input with clear errors', () => {
    expectError(() => lineChart({ series: [] }), 'lineChart', /option "series" must be an array of at least 1 element/);
    expectError(() => lineChart({} as never), 'lineChart', /option "series".*it is required/);
    expectError(() => lineChart({ series: [{ name: 's', x: [1, 2], y: [1] }] }), 'lineChart', /option "series\[0\]\.y" must be an array of length 2/);
    expectError(() => lineChart({ series: [{ name: 's', x: [1, 2], y: [1, 0] }], yScale: 'log' }), 'lineChart', /"yScale" must be 'linear'.*value 0 at index 1/);
    expectError(() => lineChart({ series: [{ name: 's', x: [-1, 2], y: [1, 1] }], xScale: 'log' }), 'lineChart', /"xScale"/);
    expectError(() => lineChart({ series: [{ name: 's', x: [1], y: [1] }], yLable: 'x' } as never), 'lineChart', /unknown option "yLable" \(did you mean "yLabel"\?\)/);
    expectError(() => lineChart({ series: [{ name: 's', x: [1], y: [1], colour: 'red' }] } as never), 'lineChart', /unknown option "series\[0\]\.colour"/);
    expectError(() => lineChart({ series: [{ name: 's', x: ['1'], y: [1] }] } as never), 'lineChart', /"series\[0\]\.x" must be an array or typed array of numbers/);
    expectError(() => lineChart({ series: [{ name: 's', y: [1] }] } as never), 'lineChart', /"series\[0\]\.x".*required/);
    expectError(() => lineChart({ series: [{ name: 's', x: [1], y: [1], line: false }] }), 'lineChart', /"series\[0\]\.markers"/);
    expectError(() => lineChart({ series: [{ name: 's', x: [1], y: [1] }], width: 10 }), 'lineChart', /option "width"/);
    expectError(() => lineChart({ series: [{ name: 's', x: [1], y: [1] }], width: 60 }), 'lineChart', /option "width" must be a number >= \d+ \(the plot area/);
    expectError(() => lineChart({ series: [{ name: 's', x: [1], y: [1] }], xDomain: [1, 0] }), 'lineChart', /option "xDomain"/);
    expectError(() => lineChart({ series: [{ name: 's', x: [1], y: [1] }], yScale: 'sqrt' } as never), 'lineChart', /option "yScale" must be one of 'linear', 'log'/);
  });
});

describe('scatterChart', () => {
  it('draws one point per finite pair, coloured on viridis with a colour bar', () => {
    const root = parseXml(scatterChart({ x: [1, 2, 3, NaN], y: [3, 1, 2, 0], color: [0, 5, 10, 1], colorLabel: 'trial' }));
    const pts = byClass(root, 'ws-point');
    expect(pts).toHaveLength(3);
    expect(pts.map((p) => p.attrs.fill)).toEqual([viridis(0), viridis(0.5), viridis(1)]);
    expect(byClass(root, 'ws-colorbar')).toHaveLength(1);
    expect(textContent(byClass(root, 'ws-colorbar')[0]!)).toMatch(/trial/);
    expect(desc(root)).toMatch(/3 points\. 1 point with non-finite values/);
    expect(textContent(pts[1]!)).toBe('2, 1 (trial 5)');
  });

  it('shares a colour domain and can leave the bar out', () => {
    const root = parseXml(scatterChart({ x: [1, 2], y: [1, 2], color: [5, 10], colorDomain: [0, 10], colorBar: false }));
    expect(byClass(root, 'ws-point').map((p) => p.attrs.fill)).toEqual([viridis(0.5), viridis(1)]);
    expect(byClass(root, 'ws-colorbar')).toHaveLength(0);
    expect(byClass(parseXml(scatterChart({ x: [1], y: [1] })), 'ws-point')[0]!.attrs.fill).toBe(okabeIto[0]);
  });

  it('puts categories on evenly spaced ticks', () => {
    const root = parseXml(scatterChart({ x: [0, 1, 2, 1], y: [1, 2, 3, 4], xCategories: ['relu', 'tanh', EVIL] }));
    const cx = byClass(root, 'ws-point').map((p) => Number(p.attrs.cx));
    expect(cx[1]! - cx[0]!).toBeCloseTo(cx[2]! - cx[1]!, 5);
    expect(cx[3]).toBe(cx[1]);
    expect(tickLabels(root).slice(0, 2)).toEqual(['relu', 'tanh']);
    expect(byName(root, 'script')).toHaveLength(0);
  });

  it('uses hover text when given', () => {
    const root = parseXml(scatterChart({ x: [1], y: [1], hover: ['trial 7 <best>'] }));
    expect(textContent(byClass(root, 'ws-point')[0]!)).toBe('trial 7 <best>');
  });

  it('rejects bad input with clear errors', () => {
    expectError(() => scatterChart({ x: [1, 2], y: [1] }), 'scatterChart', /option "y" must be an array of length 2/);
    expectError(() => scatterChart({ x: [1], y: [1], color: [1, 2] }), 'scatterChart', /option "color" must be an array of length 1/);
    expectError(() => scatterChart({ y: [1] } as never), 'scatterChart', /option "x".*required/);
    expectError(() => scatterChart({ x: [0, 1], y: [1, 1], xScale: 'log' }), 'scatterChart', /"xScale" must be 'linear'/);
    expectError(() => scatterChart({ x: [0, 3], y: [1, 1], xCategories: ['a', 'b'] }), 'scatterChart', /option "x" must be category indices \(integers in \[0, 1\]\)/);
    expectError(() => scatterChart({ x: [0], y: [1], xCategories: ['a'], xScale: 'log' }), 'scatterChart', /"xScale"/);
    expectError(() => scatterChart({ x: [0], y: [1], xCategories: [] }), 'scatterChart', /"xCategories" must be a non-empty array/);
    expectError(() => scatterChart({ x: [0], y: [1], radius: 0 }), 'scatterChart', /option "radius"/);
  });
});

describe('barChart', () => {
  it('draws labeled bars top to bottom with lengths proportional to values', () => {
    const root = parseXml(barChart({ bars: [{ label: 'lr', value: 0.6 }, { label: 'units', value: 0.2 }, { label: EVIL, value: 0.1, color: 'red' }], xLabel: 'importance' }));
    const bars = byClass(root, 'ws-bar');
    expect(bars).toHaveLength(3);
    const w = bars.map((b) => Number(b.attrs.width));
    expect(w[0]! / w[1]!).toBeCloseTo(3, 1);
    const y = bars.map((b) => Number(b.attrs.y));
    expect(y[0]).toBeLessThan(y[1]!);
    expect(y[1]).toBeLessThan(y[2]!);
    expect(bars[2]!.attrs.fill).toBe('red');
    expect(textContent(bars[0]!)).toBe('lr: 0.6');
    expect(byName(root, 'script')).toHaveLength(0);
    expect(byClass(root, 'ws-value').map(textContent)).toEqual(['0.6', '0.2', '0.1']);
    const long = parseXml(barChart({ bars: [{ label: 'x', value: 0.881905123 }] }));
    expect(byClass(long, 'ws-value').map(textContent)).toEqual(['0.882']);
    expect(textContent(byClass(long, 'ws-bar')[0]!)).toBe('x: 0.881905');
  });

  it('extends negative bars left of zero and skips non-finite ones', () => {
    const root = parseXml(barChart({ bars: [{ label: 'a', value: 1 }, { label: 'b', value: -1 }, { label: 'c', value: NaN }] }));
    const [a, b] = byClass(root, 'ws-bar');
    expect(Number(b!.attrs.x) + Number(b!.attrs.width)).toBeCloseTo(Number(a!.attrs.x), 5);
    expect(Number(a!.attrs.width)).toBeCloseTo(Number(b!.attrs.width), 5);
    expect(byClass(root, 'ws-bar')).toHaveLength(2);
    expect(desc(root)).toMatch(/2 bars\. 1 bar with non-finite values/);
  });

  it('rejects bad input with clear errors', () => {
    expectError(() => barChart({ bars: [] }), 'barChart', /option "bars" must be an array of at least 1 element/);
    expectError(() => barChart({ bars: [{ label: 'a' }] } as never), 'barChart', /option "bars"/);
    expectError(() => barChart({ bars: [{ label: 'a', value: 1, extra: 1 }] } as never), 'barChart', /option "bars"/);
    expectError(() => barChart({ bars: [{ label: 'a', value: 1 }], height: 50, title: 'x', xLabel: 'y' }), 'barChart', /option "height"/);
  });
});

describe('parallelCoordinatesChart', () => {
  const axes = () => [
    { name: 'loss', values: [0.3, 0.2, 0.5, NaN] },
    { name: 'lr', values: [1e-4, 1e-2, 1e-3, 1e-3], scale: 'log' as const },
    { name: EVIL, values: [0, 1, 1, 0], categories: ['relu', 'tanh'] },
  ];

  it('draws one polyline per complete record across every axis', () => {
    const root = parseXml(parallelCoordinatesChart({ axes: axes(), color: [0.3, 0.2, 0.5, 0.1], colorLabel: 'loss' }));
    const recs = byClass(root, 'ws-record');
    expect(recs).toHaveLength(3);
    for (const r of recs) expect(r.attrs.points!.split(' ')).toHaveLength(3);
    expect(byClass(root, 'ws-axis')).toHaveLength(3);
    expect(desc(root)).toMatch(/3 records on 3 axes.*1 record with non-finite values/);
    expect(byName(root, 'script')).toHaveLength(0);
    expect(byClass(root, 'ws-colorbar')).toHaveLength(1);
    // Lowest loss at the bottom of the first axis (largest y), highest at the top.
    const y0 = recs.map((r) => Number(r.attrs.points!.split(' ')[0]!.split(',')[1]));
    expect(y0[1]).toBeGreaterThan(y0[0]!);
    expect(y0[0]).toBeGreaterThan(y0[2]!);
    expect(recs.map((r) => r.attrs.stroke)).toEqual([viridis(1 / 3), viridis(0), viridis(1)]);
  });

  it('labels log axes at powers of ten and categorical axes with the categories', () => {
    const root = parseXml(parallelCoordinatesChart({ axes: axes() }));
    const [, lr, cat] = byClass(root, 'ws-axis');
    const labels = (g: XmlElement) => g.children.filter((c) => c.name === 'text').map(textContent);
    expect(labels(lr!).slice(0, -1)).toEqual(['0.0001', '0.0002', '0.0005', '0.001', '0.002', '0.005', '0.01']);
    expect(labels(cat!).slice(0, 2)).toEqual(['relu', 'tanh']);
    // The long name is shortened on screen; the axis's <title> has it in full.
    expect(labels(cat!)[2]).toMatch(/^<script>.*…$/);
    expect(textContent(cat!.children[0]!)).toBe(EVIL);
    expect(textContent(byClass(root, 'ws-record')[0]!)).toBe(`loss=0.3, lr=0.0001, ${EVIL}=relu`);
  });

  it('rejects bad input with clear errors', () => {
    const fn = 'parallelCoordinatesChart';
    expectError(() => parallelCoordinatesChart({ axes: [{ name: 'a', values: [1] }] }), fn, /option "axes" must be an array of at least 2 elements/);
    expectError(() => parallelCoordinatesChart({ axes: [{ name: 'a', values: [1] }, { name: 'b', values: [1, 2] }] }), fn, /option "axes\[1\]\.values" must be an array of length 1/);
    expectError(() => parallelCoordinatesChart({ axes: [{ name: 'a', values: [1] }, { name: 'b', values: [0], scale: 'log' }] }), fn, /"axes\[1\]\.scale" must be 'linear'/);
    expectError(() => parallelCoordinatesChart({ axes: [{ name: 'a', values: [1] }, { name: 'b', values: [2], categories: ['x'] }] }), fn, /"axes\[1\]\.values" must be category indices/);
    expectError(() => parallelCoordinatesChart({ axes: [{ name: 'a', values: [1] }, { name: 'b', values: [2] }], color: [1, 2] }), fn, /option "color" must be an array of length 1/);
    expectError(() => parallelCoordinatesChart({ axes: [{ name: 'a', values: [1] }, { name: 'b', valuse: [2] }] } as never), fn, /unknown option "axes\[1\]\.valuse"/);
  });
});

describe('facetCharts', () => {
  const panel = (t: string) => scatterChart({ x: [1, 2], y: [2, 1], title: t, width: 300, height: 200 });

  it('nests the charts on a grid', () => {
    const svg = facetCharts([panel('a'), panel('b'), panel('c')], { columns: 2, title: 'grid', gap: 10 });
    const root = parseXml(svg);
    expect(root.attrs.width).toBe('610');
    expect(root.attrs.height).toBe(String(34 + 2 * 200 + 10));
    const cells = byClass(root, 'ws-facet-cell');
    expect(cells).toHaveLength(3);
    expect(cells.map((c) => c.attrs.transform)).toEqual(['translate(0 34)', 'translate(310 34)', 'translate(0 244)']);
    expect(byName(root, 'svg')).toHaveLength(4);
    expect(byClass(root, 'ws-point')).toHaveLength(6);
  });

  it('drops an XML declaration from nested charts', () => {
    const svg = facetCharts([`<?xml version="1.0"?>\n${panel('a')}`]);
    expect(svg).not.toContain('<?xml');
    expect(() => parseXml(svg)).not.toThrow();
  });

  it('rejects what is not an SVG with a size', () => {
    expectError(() => facetCharts([]), 'facetCharts', /argument "charts" must be an array of at least 1 element/);
    expectError(() => facetCharts(['<div/>']), 'facetCharts', /argument "charts\[0\]" must be an <svg> document/);
    expectError(() => facetCharts(['<svg width="100%" height="10"/>']), 'facetCharts', /charts\[0\]/);
    expectError(() => facetCharts([panel('a')], { columns: 0 }), 'facetCharts', /option "columns"/);
  });
});

describe('every chart', () => {
  it('is a standalone, well-formed SVG with a title and a description, identical on every call', () => {
    const make = [
      () => lineChart({ series: [{ name: 'a', x: [1, 2], y: [3, 4] }] }),
      () => scatterChart({ x: [1, 2], y: [3, 4], color: [1, 2] }),
      () => barChart({ bars: [{ label: 'a', value: 1 }] }),
      () => parallelCoordinatesChart({ axes: [{ name: 'a', values: [1, 2] }, { name: 'b', values: [3, 4] }], color: [1, 2] }),
      () => facetCharts([scatterChart({ x: [1], y: [1] })]),
    ];
    for (const m of make) {
      const svg = m();
      expect(svg).toBe(m());
      const root = parseXml(svg);
      expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
      expect(root.attrs.role).toBe('img');
      expect(root.children[0]!.name).toBe('title');
      expect(root.children[1]!.name).toBe('desc');
      expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    }
  });
});
