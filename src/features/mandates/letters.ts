// The postal letter carrying one activation code (R25, R29): a one-page A4 PDF in the company's procedure
// language, addressed to the company's registered address. Rendered in memory; the caller writes it out.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { countryName, formatDate, formatDeadline, t } from '../../platform/i18n';
import type { Address } from '../../platform/db/schema';
import { formatActivationCode, type ActivationCodeKind, type MandateScope } from '../../domain/mandates';
import { type Language } from '../../domain/language';
import { findSection } from '../../domain/sections';

export interface LetterContent {
  letterId: string;
  kind: ActivationCodeKind;
  language: Language;
  companyName: string;
  address: Address;
  section: string;
  scope: MandateScope;
  /** Normalised code (no dashes); printed as XXXX-XXXX-XXXX. */
  code: string;
  activationDeadline: Date;
  endDate: Date | null;
  issuedAt: Date;
  /** Who asked (trust rules): the requesting space, the person and the day, so a company that did not ask knows. */
  requestedBy: { spaceName: string; personName: string; requestedAt: Date };
}

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

export async function renderLetter(content: LetterContent): Promise<Uint8Array> {
  const lang = content.language;
  const section = findSection(content.section);
  const sectionName = section ? section.names[lang] : content.section;
  const pdf = await PDFDocument.create();
  pdf.setTitle(t(lang, content.kind === 'holder' ? 'letter.subject.holder' : 'letter.subject.delegate', { sectionName }));
  pdf.setLanguage(lang);
  // Fixed dates keep a re-rendered letter byte-identical apart from its code.
  pdf.setCreationDate(content.issuedAt);
  pdf.setModificationDate(content.issuedAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.CourierBold);
  const page: PDFPage = pdf.addPage([WIDTH, HEIGHT]);
  let y = HEIGHT - MARGIN;

  const draw = (text: string, options: { font?: PDFFont; size?: number; x?: number; gap?: number } = {}) => {
    const font = options.font ?? regular;
    const size = options.size ?? 10.5;
    const x = options.x ?? MARGIN;
    for (const line of wrap(font, size, encodable(font, text), WIDTH - x - MARGIN)) {
      page.drawText(line, { x, y, size, font, color: rgb(0, 0, 0) });
      y -= size * 1.4;
    }
    y -= options.gap ?? 0;
  };

  draw(t(lang, 'letter.signature'), { font: bold, size: 9, gap: 40 });
  // Recipient block where a window envelope shows it.
  const { address } = content;
  for (const line of [content.companyName, address.line1, `${address.postalCode} ${address.city}`, countryName(lang, address.country)]) draw(line, { x: 320 });
  y -= 30;
  draw(t(lang, 'letter.date', { date: formatDate(lang, content.issuedAt) }), { x: 320, size: 9.5, gap: 24 });
  draw(t(lang, content.kind === 'holder' ? 'letter.subject.holder' : 'letter.subject.delegate', { sectionName }), { font: bold, size: 12, gap: 12 });
  draw(t(lang, 'letter.salutation'), { gap: 8 });
  draw(t(lang, content.kind === 'holder' ? 'letter.holder.intro' : 'letter.delegate.intro', { companyName: content.companyName, sectionName }), { gap: 8 });
  const scope = [content.scope.procedures ? t(lang, 'letter.scope.procedures') : null, content.scope.dataConsultation ? t(lang, 'letter.scope.dataConsultation') : null]
    .filter((part): part is string => part !== null)
    .join(', ');
  draw(t(lang, 'letter.scope', { scope }), { gap: 14 });
  draw(t(lang, 'letter.code', { code: formatActivationCode(content.code) }), { font: mono, size: 16, gap: 14 });
  draw(t(lang, 'letter.deadline', { deadline: formatDeadline(lang, content.activationDeadline) }), { gap: 6 });
  // An end of use is a date (a date given as YYYY-MM-DD ends with that day).
  draw(content.endDate ? t(lang, 'letter.endDate', { endDate: formatDate(lang, content.endDate) }) : t(lang, 'letter.noEndDate'), { gap: 8 });
  draw(t(lang, content.kind === 'holder' ? 'letter.holder.howTo' : 'letter.delegate.howTo', { sectionName }), { gap: 8 });
  const { requestedBy } = content;
  draw(t(lang, 'letter.requestedBy', { spaceName: requestedBy.spaceName, personName: requestedBy.personName, requestedAt: formatDate(lang, requestedBy.requestedAt) }), { gap: 6 });
  draw(t(lang, 'letter.notAsked'), { font: bold, gap: 8 });
  draw(t(lang, 'letter.confidential'), { font: bold, gap: 14 });
  draw(t(lang, 'letter.closing'), { gap: 24 });
  draw(t(lang, 'letter.signatory'), { gap: 30 });
  draw(t(lang, 'letter.reference', { letterId: content.letterId }), { size: 8 });
  return pdf.save();
}
