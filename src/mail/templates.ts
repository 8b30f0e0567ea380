// Mail templates for the invitation lifecycle (R4, R5), rendered from the i18n catalog.
// Pure code: no I/O, no Node built-ins.
import type { Language } from '../shared/domain';
import { formatDateTime, t, type MessageKey, type MessageParams } from '../i18n';

export type MailKind =
  | 'invitation'
  | 'invitation-reminder'
  | 'invitation-expired'
  | 'invitation-accepted'
  | 'invitation-declined'
  | 'invitation-cancelled';

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
}

interface Layout {
  subject: MessageKey;
  /** Paragraphs between the salutation and the signature. */
  body: readonly MessageKey[];
}

const LAYOUTS: { readonly [K in MailKind]: Layout } = {
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

/** Dates become Luxembourg date-time strings with the zone name; everything else is kept. */
function toMessageParams(lang: Language, params: object): MessageParams {
  const out: MessageParams = {};
  for (const [name, value] of Object.entries(params) as [string, unknown][]) {
    if (value instanceof Date || (name === 'expiresAt' && typeof value === 'string')) {
      out[name] = formatDateTime(lang, value as Date | string);
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

export function renderMail<K extends MailKind>(
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
