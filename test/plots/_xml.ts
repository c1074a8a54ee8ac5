// A small XML well-formedness checker and parser for the SVG tests: one root element, properly
// nested and closed tags, quoted and unique attributes, no raw '<' or '&' outside markup, only
// the five predefined entities and numeric character references. Throws on the first problem.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside this element (entities decoded), concatenated. */
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;

function decode(raw: string, where: number): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '<') throw new Error(`raw '<' at ${where + i}`);
    if (c !== '&') {
      out += c;
      continue;
    }
    const m = ENTITY.exec(raw.slice(i));
    if (!m) throw new Error(`bad entity at ${where + i}: ${raw.slice(i, i + 10)}`);
    const e = m[0].slice(1, -1);
    out += e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" :
      String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    i += m[0].length - 1;
  }
  return out;
}

/** Parse `xml`, throwing when it is not well-formed; returns the root element. */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  while (i < xml.length) {
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2));
      if (!m) throw new Error(`bad closing tag at ${i}`);
      const close = i + 2 + m[0].length;
      if (xml[close] !== '>') throw new Error(`bad closing tag at ${i}`);
      const open = stack.pop();
      if (!open || open.name !== m[0]) throw new Error(`</${m[0]}> at ${i} does not close <${open?.name}>`);
      i = close + 1;
      continue;
    }
    if (xml[i] === '<') {
      const m = NAME.exec(xml.slice(i + 1));
      if (!m) throw new Error(`bad tag at ${i}`);
      if (root && stack.length === 0) throw new Error(`second root element at ${i}`);
      const e: XmlElement = { name: m[0], attrs: {}, children: [], text: '' };
      let j = i + 1 + m[0].length;
      for (;;) {
        const ws = /^\s*/.exec(xml.slice(j))![0].length;
        j += ws;
        if (xml.startsWith('/>', j) || xml[j] === '>') break;
        if (ws === 0) throw new Error(`missing space before attribute at ${j}`);
        const a = NAME.exec(xml.slice(j));
        if (!a) throw new Error(`bad attribute at ${j}: ${xml.slice(j, j + 20)}`);
        j += a[0].length;
        if (xml[j] !== '=') throw new Error(`attribute without value at ${j}`);
        const q = xml[j + 1];
        if (q !== '"' && q !== "'") throw new Error(`unquoted attribute at ${j}`);
        const end = xml.indexOf(q, j + 2);
        if (end < 0) throw new Error(`unterminated attribute at ${j}`);
        if (a[0] in e.attrs) throw new Error(`duplicate attribute ${a[0]} at ${j}`);
        e.attrs[a[0]] = decode(xml.slice(j + 2, end), j + 2);
        j = end + 1;
      }
      if (stack.length > 0) stack[stack.length - 1]!.children.push(e);
      else root = e;
      if (xml.startsWith('/>', j)) i = j + 2;
      else {
        stack.push(e);
        i = j + 1;
      }
      continue;
    }
    const next = xml.indexOf('<', i);
    const raw = xml.slice(i, next < 0 ? xml.length : next);
    const t = decode(raw, i);
    if (stack.length > 0) stack[stack.length - 1]!.text += t;
    else if (t.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    i = next < 0 ? xml.length : next;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element under (and including) `e`, depth first. */
export function allElements(e: XmlElement): XmlElement[] {
  return [e, ...e.children.flatMap(allElements)];
}

/** Elements whose `class` attribute contains `cls`. */
export function byClass(e: XmlElement, cls: string): XmlElement[] {
  return allElements(e).filter((x) => (x.attrs.class ?? '').split(/\s+/).includes(cls));
}

/** Elements named `name`. */
export function byName(e: XmlElement, name: string): XmlElement[] {
  return allElements(e).filter((x) => x.name === name);
}

/** The text of an element and all its descendants. */
export function textContent(e: XmlElement): string {
  return e.text + e.children.map(textContent).join('');
}
