// The well-formedness checker the chart tests rely on must itself reject broken XML.
import { describe, expect, it } from 'vitest';
import { byClass, parseXml, textContent } from './_xml.js';

describe('parseXml (test helper)', () => {
  it('parses nesting, attributes, entities and self-closing tags', () => {
    const root = parseXml('<?xml version="1.0"?><svg a="1 &amp; 2"><g class="x y"><title>a &lt;b&gt; &#65;&#x42;</title><rect/></g><!-- c --></svg>');
    expect(root.name).toBe('svg');
    expect(root.attrs.a).toBe('1 & 2');
    expect(byClass(root, 'y')).toHaveLength(1);
    expect(textContent(root)).toBe('a <b> AB');
  });

  it.each([
    ['unclosed element', '<svg><g></svg>'],
    ['mismatched close', '<svg><g></h></svg>'],
    ['raw < in text', '<svg>a < b</svg>'],
    ['raw & in text', '<svg>a & b</svg>'],
    ['unknown entity', '<svg>&nbsp;</svg>'],
    ['raw < in attribute', '<svg a="<"/>'],
    ['unquoted attribute', '<svg a=1/>'],
    ['duplicate attribute', '<svg a="1" a="2"/>'],
    ['two roots', '<svg/><svg/>'],
    ['text outside root', '<svg/>x'],
    ['empty document', ''],
    ['missing space between attributes', '<svg a="1"b="2"/>'],
  ])('rejects %s', (_what, xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});
