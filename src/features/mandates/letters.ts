// The postal letter carrying one activation code (R25, R29): a one-page A4 PDF in the company's procedure
// language, addressed to the company's registered address. Rendered in memory; the caller writes it out.
import { formatDate, formatDeadline, t } from '../../platform/i18n';
import { composeLetter } from '../../platform/mail/letter-pdf';
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

export async function renderLetter(content: LetterContent): Promise<Uint8Array> {
  const lang = content.language;
  const section = findSection(content.section);
  const sectionName = section ? section.names[lang] : content.section;
  const title = t(lang, content.kind === 'holder' ? 'letter.subject.holder' : 'letter.subject.delegate', { sectionName });
  return composeLetter({ language: lang, title, issuedAt: content.issuedAt, recipient: { name: content.companyName, address: content.address } }, (draw, { bold, mono }) => {
    draw(title, { font: bold, size: 12, gap: 12 });
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
  });
}
