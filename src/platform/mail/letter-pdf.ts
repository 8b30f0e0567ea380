// The frame of every letter by post (activation codes, administrator claims): a one-page A4 PDF with the sender,
// the recipient where a window envelope shows it, the date, then the letter's own lines; and the whole-file write
// into the post outbox. Rendered in memory; dates fixed, so a re-rendered letter differs only in its code.
import { randomUUID } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Language } from '../../domain/language';
import type { Address } from '../db/schema';
import { countryName, formatDate, t } from '../i18n';

const MARGIN = 60;
const WIDTH = 595.28;
const HEIGHT = 841.89;

/** Standard fonts speak WinAnsi only: map what Intl and our catalog may produce, drop the rest. */
function encodable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  const mapped = text.replace(/[\u202f\u2009\u00a0]/g, ' ').replace(/\u2212/g, '-').replace(/\u2192/g, '>');
  return [...mapped].map((char) => (supported.has(char.codePointAt(0)!) ? char : '?')).join('');
}

function wrap(font: PDFFont, size: number, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > maxWidth && line) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export interface LetterFonts {
  regular: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}
export type DrawLine = (text: string, options?: { font?: PDFFont; size?: number; x?: number; gap?: number }) => void;

/**
 * A letter: the frame (sender, the register's name and address, the date), then `body` draws the subject and the
 * rest with `draw`, which wraps and moves down the page.
 */
export async function composeLetter(
  frame: { language: Language; title: string; issuedAt: Date; recipient: { name: string; address: Address } },
  body: (draw: DrawLine, fonts: LetterFonts) => void,
): Promise<Uint8Array> {
  const lang = frame.language;
  const pdf = await PDFDocument.create();
  pdf.setTitle(frame.title);
  pdf.setLanguage(lang);
  pdf.setCreationDate(frame.issuedAt);
  pdf.setModificationDate(frame.issuedAt);
  const fonts: LetterFonts = { regular: await pdf.embedFont(StandardFonts.Helvetica), bold: await pdf.embedFont(StandardFonts.HelveticaBold), mono: await pdf.embedFont(StandardFonts.CourierBold) };
  const page: PDFPage = pdf.addPage([WIDTH, HEIGHT]);
  let y = HEIGHT - MARGIN;
  const draw: DrawLine = (text, options = {}) => {
    const font = options.font ?? fonts.regular;
    const size = options.size ?? 10.5;
    const x = options.x ?? MARGIN;
    for (const line of wrap(font, size, encodable(font, text), WIDTH - x - MARGIN)) {
      page.drawText(line, { x, y, size, font, color: rgb(0, 0, 0) });
      y -= size * 1.4;
    }
    y -= options.gap ?? 0;
  };
  draw(t(lang, 'letter.signature'), { font: fonts.bold, size: 9, gap: 40 });
  // Recipient block where a window envelope shows it.
  const { address } = frame.recipient;
  for (const line of [frame.recipient.name, address.line1, `${address.postalCode} ${address.city}`, countryName(lang, address.country)]) draw(line, { x: 320 });
  y -= 30;
  draw(t(lang, 'letter.date', { date: formatDate(lang, frame.issuedAt) }), { x: 320, size: 9.5, gap: 24 });
  body(draw, fonts);
  return pdf.save();
}

/** Writes the whole file or nothing: the post's pickup never reads half a letter. */
export async function writeAtomically(file: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}
