// Printed forms (代办委托书, 材料交接单, …) as PDF: an A4 page in the layout of a Chinese government
// form — the street's name and the title at the top, numbered sections of bordered label/value
// cells, tables, a signature box, sign lines, and a footer with the document's number and
// 第 n 页 共 m 页. The font is Noto Sans SC, shipped as an npm package (OFL); pdfkit embeds only the
// glyphs used, so a page is a few KB and prints the same on any machine.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { x: 56, top: 50, bottom: 50 };
const WIDTH = A4.width - 2 * MARGIN.x;
const BODY_SIZE = 10.5; // 五号
const LABEL_WIDTH = 84;
const PAD = 4;
const LINE = '#222222';
const LABEL_FILL = '#f1f1f1';
const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export interface FormHeader {
  /** The 街道 issuing the form, printed above the title. */
  issuer: string;
  title: string;
  /** The document's number (the request's), in the top corner and the footer. */
  number: string;
}

/** A cell value; empty values print as a blank to fill by hand. */
export type Value = string | number | null | undefined;
export interface Field {
  label: string;
  value: Value;
  /** Spans the whole row. */
  wide?: boolean;
}
export interface Column {
  header: string;
  /** Share of the table's width. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

const text = (v: Value) => (v === null || v === undefined || v === '' ? '' : String(v));

/** Builds one form; call the parts in order, then `end()`. */
export class Form {
  private readonly doc: PDFKit.PDFDocument;
  private y = MARGIN.top;
  private section = 0;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(private readonly header: FormHeader) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN.top, bottom: 0, left: MARGIN.x, right: MARGIN.x },
      bufferPages: true,
      info: { Title: `${header.title} ${header.number}`, Author: header.issuer, Creator: 'CivicGrid' },
    });
    this.doc.registerFont('regular', FONT_REGULAR);
    this.doc.registerFont('bold', FONT_BOLD);
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.drawHeader(true);
  }

  private drawHeader(first: boolean) {
    const d = this.doc;
    d.font('regular').fontSize(9).fillColor('#444444');
    d.text(this.header.issuer, MARGIN.x, MARGIN.top - 22, { width: WIDTH / 2, lineBreak: false });
    d.text(`编号：${this.header.number}`, MARGIN.x + WIDTH / 2, MARGIN.top - 22, { width: WIDTH / 2, align: 'right', lineBreak: false });
    d.moveTo(MARGIN.x, MARGIN.top - 8).lineTo(MARGIN.x + WIDTH, MARGIN.top - 8).lineWidth(0.6).strokeColor(LINE).stroke();
    this.y = MARGIN.top + 4;
    if (!first) return;
    d.font('bold').fontSize(12).fillColor('#000000').text(this.header.issuer, MARGIN.x, this.y + 6, { width: WIDTH, align: 'center', characterSpacing: 2 });
    d.font('bold').fontSize(20).text(this.header.title, MARGIN.x, this.y + 24, { width: WIDTH, align: 'center', characterSpacing: 6 });
    this.y += 56;
  }

  /** Starts a new page when `height` does not fit below the current line. */
  private room(height: number) {
    if (this.y + height <= A4.height - MARGIN.bottom) return;
    this.doc.addPage();
    this.drawHeader(false);
  }

  private heightOf(value: string, width: number, font = 'regular', size = BODY_SIZE) {
    this.doc.font(font).fontSize(size);
    return this.doc.heightOfString(value || ' ', { width, lineGap: 1.5 });
  }

  private cell(x: number, y: number, w: number, h: number, value: string, opts: { fill?: string; bold?: boolean; align?: 'left' | 'center' | 'right' } = {}) {
    const d = this.doc;
    if (opts.fill) d.rect(x, y, w, h).fill(opts.fill);
    d.rect(x, y, w, h).lineWidth(0.6).strokeColor(LINE).stroke();
    const inner = w - 2 * PAD;
    const textHeight = this.heightOf(value, inner, opts.bold ? 'bold' : 'regular');
    d.fillColor('#000000').font(opts.bold ? 'bold' : 'regular').fontSize(BODY_SIZE);
    d.text(value, x + PAD, y + Math.max(PAD, (h - textHeight) / 2), { width: inner, align: opts.align ?? 'left', lineGap: 1.5 });
  }

  /** A numbered section heading: 一、委托人. */
  heading(title: string): this {
    this.room(22 + 22);
    const n = CHINESE_NUMERALS[this.section++] ?? String(this.section);
    this.doc.font('bold').fontSize(11.5).fillColor('#000000').text(`${n}、${title}`, MARGIN.x, this.y + 5, { width: WIDTH });
    this.y += 22;
    return this;
  }

  /** Label/value cells, two pairs a row (a `wide` field takes the row). */
  fields(list: Field[]): this {
    const rows: Field[][] = [];
    for (const f of list) {
      const last = rows[rows.length - 1];
      if (!f.wide && last && last.length === 1 && !last[0]!.wide) last.push(f);
      else rows.push([f]);
    }
    const halfValue = WIDTH / 2 - LABEL_WIDTH;
    for (const row of rows) {
      const valueWidth = row.length === 1 ? WIDTH - LABEL_WIDTH : halfValue;
      const h = Math.max(20, ...row.map((f) => Math.max(this.heightOf(text(f.value), valueWidth - 2 * PAD), this.heightOf(f.label, LABEL_WIDTH - 2 * PAD, 'bold')) + 2 * PAD));
      this.room(h);
      let x = MARGIN.x;
      for (const f of row) {
        this.cell(x, this.y, LABEL_WIDTH, h, f.label, { fill: LABEL_FILL, bold: true, align: 'center' });
        this.cell(x + LABEL_WIDTH, this.y, valueWidth, h, text(f.value));
        x += LABEL_WIDTH + valueWidth;
      }
      this.y += h;
    }
    return this;
  }

  /** A table with a header row; the header is repeated on a new page. */
  table(columns: Column[], rows: Value[][]): this {
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * WIDTH);
    const drawRow = (values: string[], head: boolean) => {
      const h = Math.max(19, ...values.map((v, i) => this.heightOf(v, widths[i]! - 2 * PAD, head ? 'bold' : 'regular') + 2 * PAD));
      return h;
    };
    const headers = columns.map((c) => c.header);
    const headHeight = drawRow(headers, true);
    const putHead = () => {
      let x = MARGIN.x;
      headers.forEach((v, i) => {
        this.cell(x, this.y, widths[i]!, headHeight, v, { fill: LABEL_FILL, bold: true, align: 'center' });
        x += widths[i]!;
      });
      this.y += headHeight;
    };
    this.room(headHeight + 22);
    putHead();
    for (const raw of rows.length ? rows : [columns.map(() => '')]) {
      const values = raw.map(text);
      const h = drawRow(values, false);
      if (this.y + h > A4.height - MARGIN.bottom) {
        this.room(A4.height);
        putHead();
      }
      let x = MARGIN.x;
      values.forEach((v, i) => {
        this.cell(x, this.y, widths[i]!, h, v, { align: columns[i]!.align ?? 'left' });
        x += widths[i]!;
      });
      this.y += h;
    }
    return this;
  }

  /** Running text (the entrustment's wording), indented like a letter. */
  paragraph(value: string): this {
    const h = this.heightOf(value, WIDTH, 'regular') + 12;
    this.room(h);
    this.doc.font('regular').fontSize(BODY_SIZE).fillColor('#000000').text(value, MARGIN.x, this.y + 8, { width: WIDTH, lineGap: 3, indent: 2 * BODY_SIZE });
    this.y = this.doc.y + 4;
    return this;
  }

  /** A box holding the signature drawn on the screen (a PNG), or left blank to sign on paper. */
  signature(label: string, png: Buffer | null, note?: string): this {
    const h = 58;
    this.room(h + 8);
    const y = this.y + 8;
    this.cell(MARGIN.x, y, LABEL_WIDTH, h, label, { fill: LABEL_FILL, bold: true, align: 'center' });
    const x = MARGIN.x + LABEL_WIDTH;
    const w = WIDTH - LABEL_WIDTH;
    this.doc.rect(x, y, w, h).lineWidth(0.6).strokeColor(LINE).stroke();
    if (png) this.doc.image(png, x + PAD, y + PAD, { fit: [w / 2, h - 2 * PAD], valign: 'center' });
    if (note) {
      this.doc.font('regular').fontSize(8.5).fillColor('#555555').text(note, x + w / 2, y + h - 20, { width: w / 2 - PAD, align: 'right' });
    }
    this.y = y + h;
    return this;
  }

  /** Lines to sign by hand: 委托人（签字）＿＿＿＿, 代办员（签字）＿＿＿＿, 日期 ＿＿＿＿. */
  signLines(lines: { label: string; value?: Value }[]): this {
    const h = 26;
    this.room(h + 16);
    const y = this.y + 16;
    const w = WIDTH / lines.length;
    lines.forEach((l, i) => {
      const x = MARGIN.x + i * w;
      this.doc.font('regular').fontSize(BODY_SIZE).fillColor('#000000');
      const labelWidth = this.doc.widthOfString(`${l.label}：`);
      this.doc.text(`${l.label}：`, x, y, { lineBreak: false });
      this.doc.moveTo(x + labelWidth, y + 15).lineTo(x + w - 12, y + 15).lineWidth(0.6).strokeColor(LINE).stroke();
      if (text(l.value)) this.doc.text(text(l.value), x + labelWidth + 4, y, { width: w - labelWidth - 16, lineBreak: false });
    });
    this.y = y + h;
    return this;
  }

  /** Small print at the bottom of the content (what the form means, where to ask). */
  note(value: string): this {
    const h = this.heightOf(value, WIDTH, 'regular', 8.5) + 10;
    this.room(h);
    this.doc.font('regular').fontSize(8.5).fillColor('#555555').text(value, MARGIN.x, this.y + 8, { width: WIDTH, lineGap: 1.5 });
    this.y = this.doc.y;
    return this;
  }

  /** Finishes the document: footers on every page (number, 第 n 页 共 m 页); answers the bytes. */
  async end(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      const y = A4.height - MARGIN.bottom + 16;
      this.doc.moveTo(MARGIN.x, y - 6).lineTo(MARGIN.x + WIDTH, y - 6).lineWidth(0.4).strokeColor('#888888').stroke();
      this.doc.font('regular').fontSize(8.5).fillColor('#444444');
      this.doc.text(`${this.header.title}　${this.header.number}`, MARGIN.x, y, { width: WIDTH / 2, lineBreak: false });
      this.doc.text(`第 ${i + 1} 页　共 ${range.count} 页`, MARGIN.x + WIDTH / 2, y, { width: WIDTH / 2, align: 'right', lineBreak: false });
    }
    this.doc.end();
    return this.done;
  }
}
