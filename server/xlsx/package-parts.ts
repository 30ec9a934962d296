/**
 * An .xlsx package as the OOXML standard allows it, put in the form ExcelJS expects (issue #30).
 * ExcelJS finds parts by their usual names (xl/workbook.xml, xl/worksheets/sheetN.xml) and reads
 * elements by unprefixed names; the standard lets a writer name parts as it likes, reach them by
 * absolute or relative targets (ECMA-376 Part 2, Open Packaging Conventions: a relationship's
 * target is a URI relative to its source part, or absolute from the package root), and write the
 * SpreadsheetML namespace under any prefix (`<x:worksheet xmlns:x="…/spreadsheetml/2006/main">`,
 * as the Open XML SDK does). So the package is followed through its relationships, from
 * `_rels/.rels` to the workbook and from there to its sheets and their parts, and each part found
 * is given the name ExcelJS looks for, its relationships rewritten to match, and the main
 * namespaces' prefixes taken off. A package already in that form passes unchanged.
 */

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const APP_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties';
const CONTENT_TYPES_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
/** Namespaces ExcelJS's parsers expect as the default one, never under a prefix. */
const DEFAULT_NAMESPACES = [MAIN_NS, RELS_NS, APP_NS, CONTENT_TYPES_NS];

interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

/** The relationship type's last word: "worksheet", "sharedStrings", "officeDocument"… */
const kindOf = (type: string) => type.slice(type.lastIndexOf('/') + 1);

const attribute = (tag: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
const valueOf = (tag: string, name: string) => {
  const m = attribute(tag, name);
  return m ? (m[2] ?? m[3] ?? '') : null;
};
const unescapeXml = (text: string) => text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function parseRels(xml: string): Relationship[] {
  return [...xml.matchAll(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g)].map(([tag]) => ({
    id: valueOf(tag, 'Id') ?? '',
    type: valueOf(tag, 'Type') ?? '',
    target: unescapeXml(valueOf(tag, 'Target') ?? ''),
    external: valueOf(tag, 'TargetMode') === 'External',
  }));
}

function relsXml(rels: ReadonlyArray<Relationship>): string {
  const items = rels.map((r) => `<Relationship Id="${escapeXml(r.id)}" Type="${escapeXml(r.type)}" Target="${escapeXml(r.target)}"${r.external ? ' TargetMode="External"' : ''}/>`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${RELS_NS}">${items.join('')}</Relationships>`;
}

/** A part name without its leading slash, decoded (%20). */
function partName(name: string): string {
  const plain = name.startsWith('/') ? name.slice(1) : name;
  try {
    return decodeURIComponent(plain);
  } catch {
    return plain;
  }
}

/** A relationship's target from its source part: absolute from the package root, or relative to the source's folder. */
export function resolveTarget(source: string, target: string): string {
  const base = target.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') base.pop();
    else base.push(segment);
  }
  return partName(base.join('/'));
}

/** `to` relative to the folder of `from` ("xl/worksheets/sheet1.xml" → "xl/drawings/drawing1.xml" gives "../drawings/drawing1.xml"). */
function relativeTarget(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let common = 0;
  while (common < a.length && common < b.length - 1 && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
}

const relsOf = (part: string) => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};

/** Where ExcelJS looks for a part of each kind; `n` numbers parts of a kind from 1. */
function canonicalName(kind: string, n: number, original: string): string | null {
  const extension = /\.([A-Za-z0-9]{3,4})$/.exec(original)?.[1] ?? 'bin';
  switch (kind) {
    case 'officeDocument':
      return 'xl/workbook.xml';
    case 'worksheet':
      return `xl/worksheets/sheet${n}.xml`;
    case 'sharedStrings':
      return 'xl/sharedStrings.xml';
    case 'styles':
      return 'xl/styles.xml';
    case 'theme':
      return `xl/theme/theme${n}.xml`;
    case 'comments':
      return `xl/comments${n}.xml`;
    case 'drawing':
      return `xl/drawings/drawing${n}.xml`;
    case 'vmlDrawing':
      return `xl/drawings/vmlDrawing${n}.vml`;
    case 'table':
      return `xl/tables/table${n}.xml`;
    case 'image':
      return `xl/media/image${n}.${extension}`;
    case 'extended-properties':
      return 'docProps/app.xml';
    case 'core-properties':
    case 'metadata/core-properties':
      return 'docProps/core.xml';
    default:
      return null;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A prefix bound to one of DEFAULT_NAMESPACES, as a writer declares it: `xmlns:x="…/spreadsheetml/2006/main"`. */
const PREFIXED = DEFAULT_NAMESPACES.map((ns) => ({ ns, declaration: new RegExp(`\\sxmlns:([A-Za-z_][\\w.-]*)\\s*=\\s*["']${escapeRegExp(ns)}["']`) }));
const ANY_PREFIXED = new RegExp(`xmlns:[\\w.-]+\\s*=\\s*["'](?:${DEFAULT_NAMESPACES.map(escapeRegExp).join('|')})["']`);

/**
 * The SpreadsheetML (or relationships, or extended-properties) namespace made the default one:
 * `<x:c>` read as `<c>`. Only the root element's declarations are looked at (where these writers
 * put them: the rest of the part is never scanned for them), elements of other namespaces keep
 * their prefixes, and attributes are unprefixed in these vocabularies already.
 */
export function withoutMainPrefixes(xml: string): string {
  const root = /<[A-Za-z_][^>]*>/.exec(xml); // the root start tag (the prolog starts "<?")
  if (!root) return xml;
  let tag = root[0];
  let body = xml.slice(root.index + tag.length);
  for (const { ns, declaration } of PREFIXED) {
    const declared = declaration.exec(tag);
    if (!declared) continue;
    // A default namespace of another vocabulary would claim the unprefixed elements: left as it is.
    const current = /\sxmlns\s*=\s*["']([^"']*)["']/.exec(tag);
    if (current && current[1] !== ns) continue;
    const unprefix = (text: string) => text.replace(new RegExp(`<(/?)${escapeRegExp(declared[1]!)}:`, 'g'), '<$1');
    tag = unprefix(tag).replace(declared[0], current ? '' : ` xmlns="${ns}"`);
    body = unprefix(body);
  }
  return xml.slice(0, root.index) + tag + body;
}

const isXml = (name: string) => /\.(xml|rels|vml)$/i.test(name);

/**
 * The package's parts under the names ExcelJS expects, found through their relationships; the
 * parts no relationship reaches ([Content_Types].xml, anything else) keep their names. Returns the
 * entries unchanged when nothing needs renaming or unprefixing.
 */
export function canonicalParts(entries: ReadonlyMap<string, Buffer>): Map<string, Buffer> {
  const parts = new Map<string, Buffer>([...entries].map(([name, data]) => [partName(name), data]));
  const rootRels = parts.get('_rels/.rels');
  if (!rootRels) return new Map(parts);

  const renamed = new Map<string, string>(); // original part → canonical name
  const counters = new Map<string, number>();
  /** Each part's relationships as they go in: under the canonical name, with the original bytes when nothing in them changed. */
  const relsOut = new Map<string, { xml: string; before: Buffer | undefined; same: boolean }>();

  /** Gives `part` (reached as `kind`) its canonical name, then follows its own relationships. */
  const visit = (part: string, kind: string) => {
    if (renamed.has(part) || !parts.has(part)) return;
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    const name = canonicalName(kind, n, part) ?? part;
    renamed.set(part, name);
    const before = parts.get(relsOf(part));
    if (before === undefined) return;
    const list = parseRels(before.toString('utf8'));
    for (const r of list) if (!r.external) visit(resolveTarget(part, r.target), kindOf(r.type));
    const rewritten = list.map((r) => {
      if (r.external) return r;
      const target = resolveTarget(part, r.target);
      return { ...r, target: relativeTarget(name, renamed.get(target) ?? target) };
    });
    relsOut.set(relsOf(name), { xml: relsXml(rewritten), before, same: name === part && rewritten.every((r, i) => r.target === list[i]!.target) });
  };

  const root = parseRels(rootRels.toString('utf8'));
  for (const r of root) if (!r.external) visit(resolveTarget('', r.target), kindOf(r.type));
  const rootRewritten = root.map((r) => (r.external ? r : { ...r, target: renamed.get(resolveTarget('', r.target)) ?? resolveTarget('', r.target) }));
  const unchanged = rootRewritten.every((r, i) => r.target === root[i]!.target) && [...renamed].every(([from, to]) => from === to) && [...relsOut.values()].every((r) => r.same);

  const out = new Map<string, Buffer>();
  const relsParts = new Set([...renamed.keys()].map(relsOf));
  const targets = new Set(renamed.values());
  for (const [name, data] of parts) {
    if (name === '_rels/.rels' || relsParts.has(name)) continue; // written anew below
    // A part another was renamed onto is replaced by it (a stray file of the same name).
    if (!renamed.has(name) && targets.has(name)) continue;
    out.set(renamed.get(name) ?? name, data);
  }
  out.set('_rels/.rels', unchanged ? rootRels : Buffer.from(relsXml(rootRewritten), 'utf8'));
  for (const [name, rels] of relsOut) out.set(name, unchanged && rels.before ? rels.before : Buffer.from(rels.xml, 'utf8'));
  // Prefixed main namespaces, wherever a writer used them (declared on the root, in a part's first bytes).
  for (const [name, data] of out) {
    if (isXml(name) && ANY_PREFIXED.test(data.subarray(0, 2048).toString('utf8'))) out.set(name, Buffer.from(withoutMainPrefixes(data.toString('utf8')), 'utf8'));
  }
  return out;
}
