/**
 * Renders the report model as a PDF with pdf-lib (pure JavaScript, so it survives esbuild bundling): A4, real
 * text (searchable, readable by screen readers), page numbers, and a footer with the data's time and SHA-256.
 * Deterministic: no clock inside, so the same model gives the same bytes.
 */
import { degrees, grayscale, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { decimalNl } from '../consent/messages.js';
import { type ReportModel, SUPPRESSED } from './report-model.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const BOTTOM = 70;
const BLUE = rgb(0.08, 0.26, 0.52);
/** The line a preview carries on every page, with the watermark. */
const CONCEPT_NOTE = 'Concept: dit rapport is nog niet geleverd.';

/** Text without a character outside printable ASCII, which WinAnsi (the standard fonts' encoding) all has. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A text's width in font units (a thousandth of the size), and its first and last character for the kerning. */
interface Width {
  units: number;
  first: string | undefined;
  last: string | undefined;
}
const EMPTY: Width = { units: 0, first: undefined, last: undefined };

/**
 * Widths as pdf-lib measures them (`widthOfTextAtSize`: every glyph's width plus the kerning with the next, summed
 * in whole font units, then scaled), kept per standard font for the container's life: their metrics never change,
 * and every report measures the same words many times. The units are whole numbers, so a width joined from parts
 * is exactly the width of the joined text. Only numbers are kept, never a document's font object.
 */
class Metrics {
  private readonly words = new Map<string, Width>();
  private readonly kerns = new Map<string, number>();
  private readonly chars = new Map<string, number>();

  private char(font: PDFFont, c: string): number {
    let u = this.chars.get(c);
    if (u === undefined) {
      u = font.widthOfTextAtSize(c, 1000);
      this.chars.set(c, u);
    }
    return u;
  }

  /** The kerning of `left` followed by `right`, in font units. */
  private kern(font: PDFFont, left: string, right: string): number {
    const pair = `${left}${right}`;
    let k = this.kerns.get(pair);
    if (k === undefined) {
      k = font.widthOfTextAtSize(pair, 1000) - this.char(font, left) - this.char(font, right);
      this.kerns.set(pair, k);
    }
    return k;
  }

  /** The width of `text`, characters the font can encode (Writer.safe's output). */
  of(font: PDFFont, text: string): Width {
    let w = this.words.get(text);
    if (w === undefined) {
      w = EMPTY;
      for (const c of text) w = this.join(font, w, { units: this.char(font, c), first: c, last: c });
      // The report's own words and the names of the schools a container delivers: bounded all the same.
      if (this.words.size >= 20_000) this.words.clear();
      this.words.set(text, w);
    }
    return w;
  }

  /** The width of `a` followed by `b`. */
  join(font: PDFFont, a: Width, b: Width): Width {
    if (a.last === undefined) return b;
    if (b.first === undefined) return a;
    return { units: a.units + this.kern(font, a.last, b.first) + b.units, first: a.first, last: b.last };
  }
}

const metricsByFont = new Map<string, Metrics>();
/** A standard font's metrics, by its name: one per container, whichever document embedded the font. */
const metricsOf = (font: PDFFont): Metrics => {
  let m = metricsByFont.get(font.name);
  if (!m) {
    m = new Metrics();
    metricsByFont.set(font.name, m);
  }
  return m;
};

class Writer {
  page!: PDFPage;
  y = 0;
  private readonly encodable = new Map<string, boolean>();

  constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
    private readonly watermark: boolean,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
    if (this.watermark) {
      this.page.drawText('CONCEPT', {
        x: 140,
        y: 300,
        size: 110,
        font: this.bold,
        color: grayscale(0.9),
        rotate: degrees(40),
      });
      // In the top margin, outside the flow: the preview's pages break exactly where the delivered report's do,
      // so what the school checks differs from what is delivered only in this mark.
      this.page.drawText(CONCEPT_NOTE, { x: MARGIN, y: A4[1] - MARGIN / 2 - 10, size: 10, font: this.font });
    }
  }

  /** Characters the standard fonts cannot encode (WinAnsi) become "?" rather than failing the report. */
  safe(text: string): string {
    // Printable ASCII is all in WinAnsi: most of a report's texts, kept without a look at each character.
    if (PRINTABLE_ASCII.test(text)) return text;
    return Array.from(text, (c) => {
      let ok = this.encodable.get(c);
      if (ok === undefined) {
        try {
          this.font.encodeText(c);
          ok = true;
        } catch {
          ok = false;
        }
        this.encodable.set(c, ok);
      }
      return ok ? c : '?';
    }).join('');
  }

  ensure(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
  }

  /** Writes text wrapped to `width`, moving the cursor down. */
  text(
    text: string,
    opts: { size?: number; bold?: boolean; x?: number; width?: number; color?: ReturnType<typeof rgb> } = {},
  ) {
    const size = opts.size ?? 10;
    const font = opts.bold ? this.bold : this.font;
    const x = opts.x ?? MARGIN;
    const width = opts.width ?? A4[0] - MARGIN - x;
    const words = this.safe(text).split(/\s+/);
    const metrics = metricsOf(font);
    let line = '';
    let lineWidth = EMPTY;
    const lines: string[] = [];
    for (const w of words) {
      const word = metrics.of(font, w);
      const candidate = line
        ? metrics.join(font, metrics.join(font, lineWidth, metrics.of(font, ' ')), word)
        : word;
      // As pdf-lib's widthOfTextAtSize(candidate, size) computes it (its sum of whole font units, then scaled),
      // without measuring the line again from its start for every word.
      if (candidate.units * (size / 1000) > width && line) {
        lines.push(line);
        line = w;
        lineWidth = word;
      } else {
        line = line ? `${line} ${w}` : w;
        lineWidth = candidate;
      }
    }
    if (line) lines.push(line);
    for (const l of lines) {
      this.ensure(size * 1.4);
      this.page.drawText(l, { x, y: this.y - size, size, font, color: opts.color ?? rgb(0, 0, 0) });
      this.y -= size * 1.4;
    }
  }

  gap(h: number) {
    this.y -= h;
  }

  /** Label–value rows. */
  pairs(rows: Array<[string, string]>) {
    for (const [k, v] of rows) {
      this.ensure(14);
      const top = this.y;
      this.text(k, { bold: true, width: 150 });
      const afterLabel = this.y;
      this.y = top;
      this.text(v, { x: MARGIN + 160 });
      this.y = Math.min(this.y, afterLabel);
    }
  }

  /** A simple table with fixed column x positions. */
  table(header: string[], rows: string[][], xs: number[]) {
    const drawRow = (cells: string[], bold: boolean) => {
      this.ensure(14);
      cells.forEach((c, i) => {
        this.page.drawText(this.safe(c), {
          x: MARGIN + (xs[i] ?? 0),
          y: this.y - 10,
          size: 9,
          font: bold ? this.bold : this.font,
        });
      });
      this.y -= 13;
    };
    drawRow(header, true);
    for (const r of rows) drawRow(r, false);
  }

  /** A horizontal bar for a 0–100 score. */
  bar(label: string, score: number | null) {
    this.ensure(16);
    const x = MARGIN + 120;
    const width = 300;
    this.page.drawText(this.safe(label), { x: MARGIN, y: this.y - 10, size: 9, font: this.font });
    this.page.drawRectangle({
      x,
      y: this.y - 11,
      width,
      height: 10,
      borderColor: grayscale(0.6),
      borderWidth: 0.5,
    });
    if (score !== null) {
      this.page.drawRectangle({ x, y: this.y - 11, width: (width * score) / 100, height: 10, color: BLUE });
    }
    const value = score === null ? SUPPRESSED : decimalNl(score, 1);
    this.page.drawText(this.safe(value), { x: x + width + 8, y: this.y - 10, size: 9, font: this.font });
    this.y -= 16;
  }
}

/** The report as PDF bytes: the same model always gives the same bytes. */
export const renderReportPdf = async (model: ReportModel): Promise<Uint8Array> => {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const time = new Date(model.dataTime);
  doc.setTitle(`${model.title} ${model.cover.find(([k]) => k === 'School')?.[1] ?? ''}`.trim());
  doc.setLanguage('nl-NL');
  doc.setProducer('msv');
  doc.setCreator('msv');
  doc.setCreationDate(time);
  doc.setModificationDate(time);
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
    model.preview,
  );

  w.text(model.title, { size: 22, bold: true, color: BLUE });
  // First under the title, where the Inspectie's reader cannot miss that it came after 1 July.
  if (model.nalevering) {
    w.gap(4);
    w.text(model.nalevering, { size: 12, bold: true });
  }
  w.gap(10);
  w.pairs(model.cover);

  w.gap(16);
  w.text('Representativiteit', { size: 14, bold: true, color: BLUE });
  w.gap(4);
  w.table(
    ['Groep', 'Leerlingen', 'Respondenten', 'Respons'],
    model.representativeness.rows,
    [0, 200, 290, 390],
  );
  w.gap(4);
  w.text(`Bevraagde leerjaren: ${model.representativeness.leerjaren}`);
  for (const warning of model.representativeness.warnings) w.text(`Let op: ${warning}`);

  for (const d of model.domains) {
    w.gap(16);
    w.ensure(80);
    w.text(d.label, { size: 14, bold: true, color: BLUE });
    w.text('Gemiddelde score op een schaal van 0 tot 100 (hoger is beter).', { size: 9 });
    w.gap(4);
    for (const s of d.sections) w.bar(`${s.label} (n=${s.respondents})`, s.score);
    for (const s of d.sections) {
      w.gap(8);
      w.text(s.label, { bold: true, size: 11 });
      w.table(
        ['Vraag', 'n', 'Gemiddelde', '0-100'],
        s.items.map((i) => [i.code, String(i.n), i.mean, i.mean100]),
        [0, 60, 110, 250],
      );
      for (const i of s.items) {
        w.text(`${i.code}: ${i.text}`, { size: 8 });
        if (i.distribution) w.text(`Verdeling: ${i.distribution}`, { size: 8, x: MARGIN + 12 });
      }
    }
  }

  // The policy side (seed 000: "van belang is de relatie tussen beleid en monitoring"), as the school stated it.
  w.gap(16);
  w.text('Beleid', { size: 14, bold: true, color: BLUE });
  w.pairs(model.policy.rows.map((r): [string, string] => [r.label, r.value]));
  w.text('Protocollen in het veiligheidsplan', { bold: true });
  w.pairs(model.policy.protocols.map((p): [string, string] => [p.label, p.value]));

  w.gap(16);
  w.text('Toestemming', { size: 14, bold: true, color: BLUE });
  w.pairs(model.consent);

  // The report's own pages end here. The school's part follows on pages of its own, numbered apart, so the
  // preview's report pages are the delivered report's page for page and the part can never be taken for it.
  const reportPages = doc.getPageCount();
  if (model.schoolOnly) renderSchoolOnly(w, model.schoolOnly);

  const pages = doc.getPages();
  const footer = w.safe(`Gegevens van ${model.dataTime} · SHA-256 ${model.dataHash}`);
  pages.forEach((page, i) => {
    page.drawText(footer, { x: MARGIN, y: 30, size: 7, font: w.font, color: grayscale(0.4) });
    const number =
      i < reportPages
        ? `Pagina ${i + 1} van ${reportPages}`
        : `Alleen voor de school, pagina ${i - reportPages + 1} van ${pages.length - reportPages}`;
    page.drawText(number, {
      x: A4[0] - MARGIN - w.font.widthOfTextAtSize(number, 8),
      y: 30,
      size: 8,
      font: w.font,
    });
  });
  return doc.save({ useObjectStreams: false });
};

/** The preview's part for the school alone, from a new page: title, what it is, the groups, their warnings. */
const renderSchoolOnly = (w: Writer, part: NonNullable<ReportModel['schoolOnly']>) => {
  w.newPage();
  w.text(part.title, { size: 14, bold: true, color: BLUE });
  w.gap(4);
  w.text(part.note);
  w.gap(8);
  w.text('Respons per groep', { bold: true, size: 11 });
  w.table(['Groep', 'Leerlingen', 'Respondenten', 'Respons'], part.rows, [0, 200, 290, 390]);
  w.gap(4);
  for (const warning of part.warnings) w.text(`Let op: ${warning}`);
};
