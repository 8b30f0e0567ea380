// The form of a procedure as a PDF in the procedure language (R42): every label comes from the i18n catalog.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatDateTime, t, type MessageKey } from '../../platform/i18n';
import type { Language } from '../../domain/language';
import type { ProcedureType } from '../../domain/procedures';

export interface ProcedurePdfInput {
  id: string;
  type: ProcedureType;
  language: Language;
  languageFallbackFrom: Language | null;
  status: 'draft' | 'signed' | 'submitted';
  data: Record<string, string | number | boolean>;
  company: { name: string; registrationNumber: string };
  spaceName: string;
  onBehalfOf: string | null;
  createdBy: string;
  createdAt: Date;
  signedBy: string | null;
  signedAt: Date | null;
  submittedAt: Date | null;
  generatedAt: Date;
}

// The standard fonts encode WinAnsi (CP1252) only: French and German text fits; anything else a user typed
// (e.g. Polish or Greek letters in a name) is replaced rather than failing the whole document.
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
function winAnsi(text: string): string {
  return [...text.replace(/[\r\n\t\u2000-\u200b\u202f\u205f]+/g, ' ')]
    .map((char) => {
      const code = char.codePointAt(0)!;
      return (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRAS.has(char) ? char : '?';
    })
    .join('');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) {
      line = candidate;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const LABEL_WIDTH = 190;

export async function renderProcedurePdf(input: ProcedurePdfInput): Promise<Uint8Array> {
  const lang = input.language;
  const label = (key: MessageKey, params?: Record<string, string>) => t(lang, key, params);
  const date = (value: Date) => formatDateTime(lang, value);
  const typeName = label(`procedure.type.${input.type.code}` as MessageKey);

  const pdf = await PDFDocument.create();
  pdf.setTitle(`${typeName} — ${input.id}`);
  pdf.setLanguage(lang);
  pdf.setCreator(t(lang, 'mail.common.signature'));
  pdf.setCreationDate(input.generatedAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);

  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const ensure = (height: number) => {
    if (y - height < MARGIN + 30) {
      page = pdf.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };
  const text = (value: string, options: { font?: PDFFont; size?: number; x?: number; width?: number; color?: ReturnType<typeof rgb> } = {}) => {
    const font = options.font ?? regular;
    const size = options.size ?? 10;
    const x = options.x ?? MARGIN;
    const lines = wrap(winAnsi(value), font, size, options.width ?? A4[0] - x - MARGIN);
    for (const line of lines) {
      ensure(size + 4);
      page.drawText(line, { x, y, size, font, color: options.color ?? rgb(0, 0, 0) });
      y -= size + 4;
    }
    return lines.length;
  };
  const row = (name: string, value: string) => {
    ensure(16);
    const top = y;
    text(name, { font: bold, width: LABEL_WIDTH - 10 });
    const labelBottom = y;
    y = top;
    text(value, { x: MARGIN + LABEL_WIDTH });
    y = Math.min(y, labelBottom) - 4;
  };

  text(label('procedure.pdf.heading'), { size: 11, color: rgb(0.35, 0.35, 0.35) });
  y -= 4;
  text(typeName, { font: bold, size: 18 });
  y -= 10;
  if (input.languageFallbackFrom) {
    text(
      label('procedure.pdf.fallback', {
        requested: label(`procedure.language.${input.languageFallbackFrom}` as MessageKey),
        used: label(`procedure.language.${lang}` as MessageKey),
      }),
      { size: 9, color: rgb(0.6, 0.2, 0) },
    );
    y -= 6;
  }

  row(label('procedure.pdf.reference'), input.id);
  row(label('procedure.pdf.company'), input.company.name);
  row(label('procedure.pdf.registrationNumber'), input.company.registrationNumber);
  row(label('procedure.pdf.space'), input.spaceName);
  if (input.onBehalfOf) row(label('procedure.pdf.onBehalfOf'), input.onBehalfOf);
  row(label('procedure.pdf.status'), label(`procedure.status.${input.status}` as MessageKey));
  const languageName = label(`procedure.language.${lang}` as MessageKey);
  // French language names are lower-case inside a sentence; as a value on its own it starts with a capital.
  row(label('procedure.pdf.language'), languageName.charAt(0).toUpperCase() + languageName.slice(1));
  row(label('procedure.pdf.createdBy'), input.createdBy);
  row(label('procedure.pdf.createdAt'), date(input.createdAt));
  if (input.signedBy && input.signedAt) {
    row(label('procedure.pdf.signedBy'), input.signedBy);
    row(label('procedure.pdf.signedAt'), date(input.signedAt));
  } else {
    row(label('procedure.pdf.signedBy'), label('procedure.pdf.notSigned'));
  }
  if (input.submittedAt) row(label('procedure.pdf.submittedAt'), date(input.submittedAt));

  y -= 12;
  ensure(40);
  text(label('procedure.pdf.formData'), { font: bold, size: 13 });
  page.drawLine({ start: { x: MARGIN, y: y + 10 }, end: { x: A4[0] - MARGIN, y: y + 10 }, thickness: 0.5, color: rgb(0.6, 0.6, 0.6) });
  y -= 4;
  for (const field of input.type.fields) {
    const value = input.data[field];
    const shown =
      value === undefined ? label('procedure.pdf.empty') : typeof value === 'boolean' ? label(value ? 'procedure.value.yes' : 'procedure.value.no') : String(value);
    row(label(`procedure.field.${field}` as MessageKey), shown);
  }

  // Footer on every page: when and by whom the document was generated.
  const footer = winAnsi(label('procedure.pdf.footer', { generatedAt: date(input.generatedAt) }));
  for (const each of pdf.getPages()) {
    each.drawText(footer, { x: MARGIN, y: MARGIN - 20, size: 8, font: regular, color: rgb(0.45, 0.45, 0.45) });
  }
  return pdf.save();
}

/** A procedure's PDF as the API and the pages send it. */
export function pdfResponse(pdf: { bytes: Uint8Array; language: string; id: string }): Response {
  return new Response(pdf.bytes, {
    status: 200,
    headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="procedure-${pdf.id}.pdf"`, 'content-language': pdf.language, 'x-content-type-options': 'nosniff' },
  });
}
