// The claim's letter (R48): in the style of the activation-code letters, to the register's name and address, in the
// register's language; it names the claimant and the day, and carries the one code that confirms the claim.
import type { Language } from '../../domain/language';
import { formatActivationCode } from '../../domain/mandates';
import type { Address } from '../../platform/db/schema';
import { formatDate, formatDeadline, t } from '../../platform/i18n';
import { composeLetter } from '../../platform/mail/letter-pdf';

export interface ClaimLetterContent {
  letterId: string;
  language: Language;
  companyName: string;
  registrationNumber: string;
  address: Address;
  claimantName: string;
  requestedAt: Date;
  /** Normalised code (no dashes); printed as XXXX-XXXX-XXXX. */
  code: string;
  expiresAt: Date;
  issuedAt: Date;
}

export function renderClaimLetter(content: ClaimLetterContent): Promise<Uint8Array> {
  const lang = content.language;
  const title = t(lang, 'letter.claim.subject');
  const deadline = formatDeadline(lang, content.expiresAt);
  return composeLetter({ language: lang, title, issuedAt: content.issuedAt, recipient: { name: content.companyName, address: content.address } }, (draw, { bold, mono }) => {
    draw(title, { font: bold, size: 12, gap: 12 });
    draw(t(lang, 'letter.salutation'), { gap: 8 });
    const { claimantName, companyName, registrationNumber } = content;
    draw(t(lang, 'letter.claim.intro', { claimantName, companyName, registrationNumber, requestedAt: formatDate(lang, content.requestedAt) }), { gap: 14 });
    draw(t(lang, 'letter.claim.code', { code: formatActivationCode(content.code) }), { font: mono, size: 16, gap: 14 });
    draw(t(lang, 'letter.claim.howTo', { claimantName, deadline }), { gap: 8 });
    draw(t(lang, 'letter.claim.notAsked'), { font: bold, gap: 8 });
    draw(t(lang, 'letter.confidential'), { font: bold, gap: 14 });
    draw(t(lang, 'letter.closing'), { gap: 24 });
    draw(t(lang, 'letter.signatory'), { gap: 30 });
    draw(t(lang, 'letter.reference', { letterId: content.letterId }), { size: 8 });
  });
}
