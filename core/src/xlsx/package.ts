// The zip package (Open Packaging Conventions, ECMA-376 Part 2) around a workbook: which parts it
// holds, their relationships, and their text, inflated only after their declared sizes are checked.

import { unzipSync, type UnzipFileInfo } from 'fflate';
import { corrupt, notXlsx, tooLarge } from './errors.js';
import { requireClosed, XmlScanner } from './xml-scanner.js';

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

  /**
   * The part's bytes (UTF-8), or undefined when the package has no such part. Its declared
   * uncompressed size counts against maxBytes before anything is inflated, so a zip bomb is
   * refused unopened; a part that inflates to more than it declared is cut at the declared size,
   * and the XML readers then find it unterminated (requireClosed).
   */
  bytes(part: string): Uint8Array | undefined {
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
    return asUtf8(bytes);
  }

  /** The relationships of `part` (from its _rels/NAME.rels), external targets left out. */
  relationships(part: string): Relationship[] {
    const slash = part.lastIndexOf('/');
    const relsPart = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
    const xml = this.bytes(relsPart);
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

// Parts are UTF-8 by default; XML also allows UTF-16 with a byte-order mark, re-encoded here.
function asUtf8(bytes: Uint8Array): Uint8Array {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : '';
  return utf16 ? new TextEncoder().encode(new TextDecoder(utf16).decode(bytes)) : bytes;
}
