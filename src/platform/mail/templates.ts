// Mail templates for the invitation (R4, R5) and certification (R21) lifecycles, rendered from the i18n catalog.
// Pure code: no I/O, no Node built-ins.
import type { Language } from '../../domain/language';
import { formatDate, formatDateTime, formatDeadline, t, type MessageKey, type MessageParams } from '../i18n';

export type MailKind =
  | 'invitation'
  | 'invitation-reminder'
  | 'invitation-expired'
  | 'invitation-accepted'
  | 'invitation-declined'
  | 'invitation-cancelled';

/**
 * Mails of the certification lifecycle (R21). A union of its own so that each lifecycle's kinds stay listed
 * together; renderMail and the outbox take either (AnyMailKind).
 */
export type CertificationMailKind =
  | 'certification-staff-submitted'
  | 'certification-staff-supplemented'
  | 'certification-staff-reminder'
  | 'certification-information-requested'
  | 'certification-approved'
  | 'certification-rejected'
  | 'certification-closed';

/** Procedure notifications to the procedure's creator, in the procedure language (R42). */
export type ProcedureMailKind = 'procedure-signed' | 'procedure-submitted';

/** Mails of the mandate lifecycle (R25–R34). */
export type MandateMailKind =
  | 'mandate-activation-reminder'
  | 'mandate-end-reminder'
  | 'mandate-delegate-activated'
  | 'mandate-delegation-ended'
  | 'mandate-letters-dispatched'
  | 'mandate-revoked'
  | 'mandate-expired'
  | 'mandate-ended';

/** Mails about a space's members. */
export type MemberMailKind = 'member-removed';

/** Administrator recovery (R48): to the administrators, the members, the claimant. */
export type ClaimMailKind = 'claim-requested' | 'claim-confirmed' | 'claim-objected' | 'claim-expired';

/** To a space's administrators: a webhook endpoint disabled after failing for days. */
export type WebhookMailKind = 'webhook-disabled';

export type AnyMailKind = MailKind | CertificationMailKind | ProcedureMailKind | MandateMailKind | MemberMailKind | ClaimMailKind | WebhookMailKind;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Params of the mails to the invitee that ask for an answer (invitation, reminder). */
export interface InvitationMailParams {
  spaceName: string;
  companyName: string;
  /** The invited certificate's 20-digit SSN (R1, R4, R15). */
  certificateSsn: string;
  inviterName: string;
  expiresAt: Date | string;
  /** Official login portal, where one registers a certificate first (R4). */
  loginPortalUrl: string;
  /** The portal, where the invitee accepts or declines (R5). */
  appUrl: string;
}

export interface MailParams {
  invitation: InvitationMailParams;
  'invitation-reminder': InvitationMailParams;
  /** To the inviter. */
  'invitation-expired': { inviteeName: string; spaceName: string; expiresAt: Date | string };
  /** To the inviter. */
  'invitation-accepted': { inviteeName: string; spaceName: string };
  /** To the inviter. */
  'invitation-declined': { inviteeName: string; spaceName: string };
  /** To the invitee. */
  'invitation-cancelled': { spaceName: string; companyName: string };
  /** To the authority's staff. */
  'certification-staff-submitted': CertificationStaffMailParams & { requestId: string; appUrl: string };
  /** To the authority's staff. */
  'certification-staff-supplemented': CertificationStaffMailParams & { requestId: string; appUrl: string };
  /** To the authority's staff. */
  'certification-staff-reminder': CertificationStaffMailParams & { waitingSince: Date; requestId: string; appUrl: string };
  /** To the space's administrators. */
  'certification-information-requested': CertificationAdministratorMailParams & { message: string; supplementDueAt: Date };
  /** To the space's administrators. */
  'certification-approved': CertificationAdministratorMailParams;
  /** To the space's administrators. */
  'certification-rejected': CertificationAdministratorMailParams & { reason: string };
  /** To the space's administrators: no supplement before the deadline. */
  'certification-closed': { spaceName: string; activityFieldName: string; supplementDueAt: Date };
  /** To the mandator's administrators, while codes are unused. Section names in the mail's language. */
  'mandate-activation-reminder': { companyName: string; sectionName: string; activationDeadline: Date; unusedCodes: number };
  /** To the mandator's and the delegates' administrators. */
  'mandate-end-reminder': { mandatorName: string; sectionName: string; endDate: Date };
  /** To the mandator's administrators. */
  'mandate-delegate-activated': { delegateName: string; mandatorName: string; sectionName: string };
  /** To a delegate's administrators: revoked, codes changed or end date reached. */
  'mandate-delegation-ended': { mandatorName: string; sectionName: string };
  /** To the requesting space's administrators. */
  'mandate-letters-dispatched': { companyName: string; sectionName: string; letters: number };
  /** To the mandator's administrators. */
  'mandate-revoked': { mandatorName: string; sectionName: string };
  'mandate-expired': { mandatorName: string; sectionName: string };
  'mandate-ended': { mandatorName: string; sectionName: string };
  /** To the person removed. */
  'member-removed': { spaceName: string; companyName: string };
  /** To every active administrator of the company's spaces, at once: who claims, and until when they may object. */
  'claim-requested': { claimantName: string; companyName: string; requestedAt: Date; deadline: Date; appUrl: string };
  /** To every member of every space of the company. */
  'claim-confirmed': { claimantName: string; companyName: string; spaceName: string };
  /** To the claimant. */
  'claim-objected': { companyName: string };
  'claim-expired': { companyName: string; deadline: Date };
  /** To the space's administrators; `appUrl` is its webhooks page. */
  'webhook-disabled': { spaceName: string; url: string; since: Date; appUrl: string };
  /** To the procedure's creator. */
  'procedure-signed': ProcedureMailParams;
  /** To the procedure's creator. */
  'procedure-submitted': ProcedureMailParams & { appUrl: string };
}

export interface ProcedureMailParams {
  /** In the procedure language. */
  procedureName: string;
  procedureId: string;
  spaceName: string;
  /** Who signed or submitted. */
  actorName: string;
}

export interface CertificationStaffMailParams {
  companyName: string;
  spaceName: string;
  /** In the mail's language. */
  activityFieldName: string;
}

export interface CertificationAdministratorMailParams {
  spaceName: string;
  /** In the mail's language. */
  activityFieldName: string;
  authorityName: string;
}

interface Layout {
  subject: MessageKey;
  /** Paragraphs between the salutation and the signature. */
  body: readonly MessageKey[];
}

const LAYOUTS: { readonly [K in AnyMailKind]: Layout } = {
  invitation: {
    subject: 'mail.invitation.subject',
    body: [
      'mail.invitation.intro',
      'mail.invitation.channel',
      'mail.invitation.loginPortal',
      'mail.invitation.certificate',
      'mail.invitation.register',
      'mail.invitation.answer',
      'mail.invitation.expiry',
      'mail.invitation.invitedBy',
    ],
  },
  'invitation-reminder': {
    subject: 'mail.invitation-reminder.subject',
    body: [
      'mail.invitation-reminder.intro',
      'mail.invitation.certificate',
      'mail.invitation.register',
      'mail.invitation.answer',
      'mail.invitation-reminder.expiry',
      'mail.invitation.invitedBy',
    ],
  },
  'invitation-expired': {
    subject: 'mail.invitation-expired.subject',
    body: ['mail.invitation-expired.body', 'mail.invitation-expired.inviteAgain'],
  },
  'invitation-accepted': {
    subject: 'mail.invitation-accepted.subject',
    body: ['mail.invitation-accepted.body', 'mail.invitation-accepted.visibility'],
  },
  'invitation-declined': {
    subject: 'mail.invitation-declined.subject',
    body: ['mail.invitation-declined.body'],
  },
  'invitation-cancelled': {
    subject: 'mail.invitation-cancelled.subject',
    body: ['mail.invitation-cancelled.body', 'mail.invitation-cancelled.contact'],
  },
  'certification-staff-submitted': {
    subject: 'mail.certification-staff-submitted.subject',
    body: ['mail.certification-staff-submitted.body', 'mail.certification-staff-submitted.action'],
  },
  'certification-staff-supplemented': {
    subject: 'mail.certification-staff-supplemented.subject',
    // Every staff mail leads to the request's page in the staff console.
    body: ['mail.certification-staff-supplemented.body', 'mail.certification-staff-submitted.action'],
  },
  'certification-staff-reminder': {
    subject: 'mail.certification-staff-reminder.subject',
    body: ['mail.certification-staff-reminder.body', 'mail.certification-staff-submitted.action'],
  },
  'certification-information-requested': {
    subject: 'mail.certification-information-requested.subject',
    body: [
      'mail.certification-information-requested.body',
      'mail.certification-information-requested.message',
      'mail.certification-information-requested.deadline',
    ],
  },
  'certification-approved': {
    subject: 'mail.certification-approved.subject',
    body: ['mail.certification-approved.body', 'mail.certification-approved.procedures'],
  },
  'certification-rejected': {
    subject: 'mail.certification-rejected.subject',
    body: ['mail.certification-rejected.body', 'mail.certification-rejected.reason'],
  },
  'certification-closed': {
    subject: 'mail.certification-closed.subject',
    body: ['mail.certification-closed.body', 'mail.certification-closed.again'],
  },
  'mandate-activation-reminder': {
    subject: 'mail.mandate-activation-reminder.subject',
    body: ['mail.mandate-activation-reminder.body', 'mail.mandate-activation-reminder.howTo'],
  },
  'mandate-end-reminder': {
    subject: 'mail.mandate-end-reminder.subject',
    body: ['mail.mandate-end-reminder.body'],
  },
  'mandate-delegate-activated': {
    subject: 'mail.mandate-delegate-activated.subject',
    body: ['mail.mandate-delegate-activated.body'],
  },
  'mandate-delegation-ended': {
    subject: 'mail.mandate-delegation-ended.subject',
    body: ['mail.mandate-delegation-ended.body'],
  },
  'mandate-letters-dispatched': {
    subject: 'mail.mandate-letters-dispatched.subject',
    body: ['mail.mandate-letters-dispatched.body', 'mail.mandate-letters-dispatched.next'],
  },
  'mandate-revoked': { subject: 'mail.mandate-revoked.subject', body: ['mail.mandate-revoked.body'] },
  'mandate-expired': { subject: 'mail.mandate-expired.subject', body: ['mail.mandate-expired.body'] },
  'mandate-ended': { subject: 'mail.mandate-ended.subject', body: ['mail.mandate-ended.body'] },
  'member-removed': { subject: 'mail.member-removed.subject', body: ['mail.member-removed.body', 'mail.member-removed.contact'] },
  'claim-requested': { subject: 'mail.claim-requested.subject', body: ['mail.claim-requested.body', 'mail.claim-requested.object', 'mail.claim-requested.safe'] },
  'claim-confirmed': { subject: 'mail.claim-confirmed.subject', body: ['mail.claim-confirmed.body'] },
  'claim-objected': { subject: 'mail.claim-objected.subject', body: ['mail.claim-objected.body'] },
  'claim-expired': { subject: 'mail.claim-expired.subject', body: ['mail.claim-expired.body'] },
  'webhook-disabled': { subject: 'mail.webhook-disabled.subject', body: ['mail.webhook-disabled.body', 'mail.webhook-disabled.action'] },
  'procedure-signed': {
    subject: 'mail.procedure-signed.subject',
    body: ['mail.procedure-signed.body', 'mail.procedure-signed.next'],
  },
  'procedure-submitted': {
    subject: 'mail.procedure-submitted.subject',
    body: ['mail.procedure-submitted.body', 'mail.procedure-submitted.pdf'],
  },
};

/** Params rendered as links in the HTML version (when they are http(s) URLs). */
const LINK_PARAMS = new Set(['loginPortalUrl', 'appUrl']);

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An end of use is a date; a deadline is its day when it ends with that day (src/i18n). Other instants print with their time. */
const DATE_FORMATS: Record<string, (lang: Language, date: Date | string) => string> = { endDate: formatDate, activationDeadline: formatDeadline, deadline: formatDeadline, requestedAt: formatDate };

/** Dates become Luxembourg dates or date-times; everything else is kept. */
function toMessageParams(lang: Language, params: object): MessageParams {
  const out: MessageParams = {};
  for (const [name, value] of Object.entries(params) as [string, unknown][]) {
    if (value instanceof Date || (name === 'expiresAt' && typeof value === 'string')) {
      out[name] = (DATE_FORMATS[name] ?? formatDateTime)(lang, value as Date | string);
    } else if (typeof value === 'string' || typeof value === 'number') {
      out[name] = value;
    }
  }
  return out;
}

function isHttpUrl(value: string | number): value is string {
  return typeof value === 'string' && /^https?:\/\/[^\s<>"']+$/i.test(value);
}

/** One paragraph as HTML: the whole text is escaped, URL params become links. */
function paragraphHtml(lang: Language, key: MessageKey, params: MessageParams): string {
  const links: string[] = [];
  const marked: MessageParams = { ...params };
  for (const name of LINK_PARAMS) {
    const value = params[name];
    if (value !== undefined && isHttpUrl(value)) {
      const url = escapeHtml(value);
      links.push(`<a href="${url}">${url}</a>`);
      marked[name] = `\u0000${links.length - 1}\u0000`;
    }
  }
  // NUL-delimited markers cannot occur in escaped text, so they safely stand for the links until here.
  const html = escapeHtml(t(lang, key, marked)).replace(
    // eslint-disable-next-line no-control-regex
    /\u0000(\d+)\u0000/g,
    (_whole, index: string) => links[Number(index)] ?? '',
  );
  return `<p>${html}</p>`;
}

export function renderMail<K extends AnyMailKind>(
  kind: K,
  lang: Language,
  params: MailParams[K],
): RenderedMail {
  const layout: Layout | undefined = LAYOUTS[kind];
  if (layout === undefined) throw new Error(`mail: unknown kind "${String(kind)}"`);
  const values = toMessageParams(lang, params);

  // A subject is a single header line: no line breaks from user-supplied names.
  const subject = t(lang, layout.subject, values).replace(/[\r\n]+/g, ' ').trim();

  const noReply = t(lang, 'mail.common.noReply');
  const salutation = t(lang, 'mail.common.salutation');
  const signature = t(lang, 'mail.common.signature');
  const paragraphs = layout.body.map((key) => t(lang, key, values));

  const text = [noReply, salutation, ...paragraphs, `--\n${signature}`].join('\n\n') + '\n';

  const html = [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.5;">',
    `<p style="color: #666666; font-size: 12px;">${escapeHtml(noReply)}</p>`,
    `<p>${escapeHtml(salutation)}</p>`,
    ...layout.body.map((key) => paragraphHtml(lang, key, values)),
    `<p style="color: #666666;">--<br>${escapeHtml(signature)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');

  return { subject, text, html };
}
