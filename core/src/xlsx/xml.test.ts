import { describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { requireClosed, utf8, XmlScanner } from './xml-scanner.js';
import { decodeEntities, decodeXEscapes, escapeAttr, escapeCellText } from './xml.js';

describe('XmlScanner', () => {
  it('walks tags, skipping declarations, comments and CDATA, and reads attributes and text', () => {
    const xml =
      '<?xml version="1.0"?><!-- a > b --><x:root xmlns:x="urn:x" a=\'1\' r:id="rId1">' +
      '<x:t  b = "2>3" >a &amp; <![CDATA[<b>]]> c</x:t><e/></x:root>';
    const s = new XmlScanner(strToU8(xml), 'test.xml');
    expect(s.next() && s.opens('root')).toBe(true);
    expect(s.attr('a')).toBe('1');
    expect(s.attr('id')).toBe('rId1');
    expect(s.attr('x')).toBeUndefined(); // a namespace declaration is no attribute
    expect(s.next() && s.opens('t')).toBe(true);
    expect(s.attr('b')).toBe('2>3');
    expect(s.text()).toBe('a & <b> c');
    expect(s.next() && s.closing && s.is('t')).toBe(true);
    expect(s.next() && s.opens('e') && s.selfClosing).toBe(true);
    expect(s.next() && s.closing && s.is('root')).toBe(true);
    expect(s.next()).toBe(false);
  });

  it('throws CORRUPT on a tag cut short and on a DOCTYPE', () => {
    const cut = new XmlScanner(strToU8('<a b="1'), 'test.xml');
    expect(() => cut.next()).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    const doctype = new XmlScanner(strToU8('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'), 'test.xml');
    expect(() => doctype.next()).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });
});

describe('utf8 and requireClosed', () => {
  it('decodes short ASCII, longer and non-ASCII ranges, keeping a leading U+FEFF', () => {
    const bytes = strToU8(`x13838206721|${'a'.repeat(40)}|金水区|\ufeffz`);
    expect(utf8(bytes, 1, 12)).toBe('13838206721');
    expect(utf8(bytes, 13, 53)).toBe('a'.repeat(40));
    expect(utf8(bytes, 54, 63)).toBe('金水区');
    expect(utf8(bytes, 64, bytes.length)).toBe('\ufeffz');
  });

  it('accepts a part closed by its root, or an empty root, and refuses one cut short', () => {
    expect(() => requireClosed(strToU8('<x:sst a="1"><si/></x:sst>\n'), 'p', 'sst')).not.toThrow();
    expect(() => requireClosed(strToU8('<sst count="0"/>'), 'p', 'sst')).not.toThrow();
    expect(() => requireClosed(strToU8('<sst><si><t>a</t></si>'), 'p', 'sst')).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    expect(() => requireClosed(strToU8('<sst><si><t>a</t></si></ss'), 'p', 'sst')).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });
});

describe('decoding', () => {
  it('decodes entities and character references, and leaves unknown ones as written', () => {
    expect(decodeEntities('&lt;&gt;&amp;&quot;&apos;&#x4E2D;&#25991;&#x1F600;')).toBe('<>&"\'中文😀');
    expect(decodeEntities('AT&T &nbsp; &#xZZ; &#; & ;')).toBe('AT&T &nbsp; &#xZZ; &#; & ;');
  });

  it('undoes _xHHHH_ escapes', () => {
    expect(decodeXEscapes('a_x000D_b_x005F_x000D_ _x12_ _X000D_')).toBe('a\rb_x000D_ _x12_ _X000D_');
  });
});

describe('escaping', () => {
  it('escapes cell text so that decoding gives it back, less what XML cannot hold', () => {
    const text = 'a<b>&c "d" \r\n\t_x000D_ \u0000\u001f\uffff\ud800 𠀀';
    const escaped = escapeCellText(text);
    expect(escaped).toBe('a&lt;b&gt;&amp;c "d" _x000D_\n\t_x005F_x000D_  𠀀');
    expect(decodeXEscapes(decodeEntities(escaped))).toBe('a<b>&c "d" \r\n\t_x000D_  𠀀');
  });

  it('returns clean text unchanged and escapes quotes in attributes', () => {
    const clean = '金水区文化路街道';
    expect(escapeCellText(clean)).toBe(clean);
    expect(escapeAttr('a "b"\n&')).toBe('a &quot;b&quot;&amp;');
  });
});
