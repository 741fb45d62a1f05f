// The zip package (Open Packaging Conventions, ECMA-376 Part 2) around a workbook: which parts it
// holds, their relationships, and their text, inflated only after their declared sizes are checked.

import { strFromU8, unzipSync, type UnzipFileInfo } from 'fflate';
import { corrupt, notXlsx, tooLarge } from './errors.js';
import { XmlScanner } from './xml.js';

export interface Relationship {
  id: string;
  /** The relationship type URI, e.g. …/relationships/worksheet. */
  type: string;
  /** The target part's zip entry name, resolved against the source part. */
  target: string;
}

const MB = 1024 * 1024;

export class ZipPackage {
  // Part names are case-insensitive (OPC §9.1.1.1) and a few writers use backslashes in zip
  // entries, so entries are looked up by a normalised key.
  private readonly entries = new Map<string, UnzipFileInfo>();
  private budget: number;

  constructor(
    private readonly data: Uint8Array,
    private readonly maxBytes: number,
  ) {
    this.budget = maxBytes;
    try {
      // With a filter that refuses everything, unzipSync only reads the central directory.
      unzipSync(data, {
        filter: (file) => {
          this.entries.set(keyOf(file.name), file);
          return false;
        },
      });
    } catch {
      throw notXlsx(data);
    }
  }

  has(part: string): boolean {
    return this.entries.has(keyOf(part));
  }

  /**
   * The part's text, or undefined when the package has no such part. Its declared uncompressed
   * size counts against maxBytes before anything is inflated, so a zip bomb is refused unopened;
   * a part that inflates to more than it declared is cut at the declared size, and the XML
   * readers then find it unterminated.
   */
  text(part: string): string | undefined {
    const entry = this.entries.get(keyOf(part));
    if (!entry) return undefined;
    this.budget -= entry.originalSize;
    if (this.budget < 0) {
      const limit = Math.round(this.maxBytes / MB);
      throw tooLarge(
        `文件解压后超过 ${limit} MB，请拆分成多个文件后再导入`,
        `the workbook is larger than ${limit} MB uncompressed; split it into several files`,
      );
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = unzipSync(this.data, { filter: (file) => file.name === entry.name })[entry.name];
    } catch {
      throw corrupt(entry.name, 'entry does not inflate');
    }
    if (!bytes) throw corrupt(entry.name, 'entry missing');
    return decodeText(bytes);
  }

  /** The relationships of `part` (from its _rels/NAME.rels), external targets left out. */
  relationships(part: string): Relationship[] {
    const slash = part.lastIndexOf('/');
    const relsPart = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
    const xml = this.text(relsPart);
    if (xml === undefined) return [];
    requireClosed(xml, relsPart, 'Relationships');
    const scanner = new XmlScanner(xml, relsPart);
    const out: Relationship[] = [];
    while (scanner.next()) {
      if (!scanner.opens('Relationship')) continue;
      const id = scanner.attr('Id');
      const type = scanner.attr('Type');
      const target = scanner.attr('Target');
      if (id === undefined || type === undefined || target === undefined) continue;
      if (scanner.attr('TargetMode') === 'External') continue;
      out.push({ id, type, target: resolveTarget(part, target) });
    }
    return out;
  }
}

const keyOf = (name: string) => name.replaceAll('\\', '/').replace(/^\//, '').toLowerCase();

/** A relationship target (relative to the source part's folder, or absolute from the package root) as a zip entry name. */
export function resolveTarget(sourcePart: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : sourcePart.slice(0, sourcePart.lastIndexOf('/') + 1) + target;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

// Parts are UTF-8 by default; XML also allows UTF-16 with a byte-order mark.
function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return strFromU8(bytes);
}

/**
 * Refuses a part whose last tag is not the close of its root element: the sign of a part cut
 * short (see ZipPackage.text), which would otherwise lose rows without a word.
 */
export function requireClosed(xml: string, part: string, root: string): void {
  let end = xml.length - 1;
  while (end > 0 && xml.charCodeAt(end) <= 0x20) end--;
  const lt = xml.lastIndexOf('<', end);
  let tag = xml.charCodeAt(end) === 0x3e && lt >= 0 ? xml.slice(lt + 1, end) : '';
  // </root>, or <root …/> for a part with nothing in it
  if (tag.startsWith('/')) tag = tag.slice(1);
  else if (tag.endsWith('/')) tag = tag.slice(0, -1);
  else tag = '';
  const name = tag.trim().split(/\s/)[0] ?? '';
  if (name.slice(name.indexOf(':') + 1) !== root) throw corrupt(part, `not closed by </${root}>`);
}
