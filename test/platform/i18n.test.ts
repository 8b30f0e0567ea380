import { describe, expect, it } from 'vitest';
import { DOMAIN_ERRORS } from '../../src/domain/errors';
import { catalogs, countryName, endOfLuxembourgDay, formatDate, formatDateTime, formatDeadline, placeholdersOf, t, type MessageKey } from '../../src/platform/i18n';
import { en } from '../../src/platform/i18n/messages/en';
import { renderMail, type MailKind, type MailParams } from '../../src/platform/mail/templates';
import { LANGUAGES, type Language } from '../../src/domain/language';

const englishKeys = Object.keys(en).sort();
const otherLanguages = LANGUAGES.filter((lang) => lang !== 'en');

describe('catalog completeness', () => {
  it.each(otherLanguages)('%s has exactly the English keys', (lang) => {
    const keys = Object.keys(catalogs[lang]).sort();
    expect(englishKeys.filter((key) => !keys.includes(key)), 'missing keys').toEqual([]);
    expect(keys.filter((key) => !englishKeys.includes(key)), 'extra keys').toEqual([]);
  });

  it.each(otherLanguages)('%s uses the same placeholders as English for every key', (lang) => {
    const mismatches = englishKeys
      .map((key) => ({
        key,
        en: placeholdersOf(en[key as MessageKey]),
        [lang]: placeholdersOf(catalogs[lang][key as MessageKey] ?? ''),
      }))
      .filter((row) => JSON.stringify(row.en) !== JSON.stringify(row[lang]));
    expect(mismatches).toEqual([]);
  });

  it.each(LANGUAGES)('%s has no empty or untrimmed strings', (lang) => {
    const bad = Object.entries(catalogs[lang]).filter(
      ([, text]) => typeof text !== 'string' || text.trim() === '' || text !== text.trim(),
    );
    expect(bad).toEqual([]);
  });

  it('has the problem titles and role names the API needs', () => {
    const codes = [
      'validation_failed', 'unauthorized', 'forbidden', 'not_found', 'internal_error',
      'service_unavailable', 'already_invited', 'already_member', 'certificate_mismatch',
      'invitation_not_pending', 'last_administrator', 'procedure_language_fixed',
      'resend_too_soon', 'idempotency_key_reused',
    ];
    const keys = [
      ...codes.map((code) => `problem.${code}.title`),
      'role.administrator', 'role.manager', 'role.without-signature',
    ];
    for (const key of keys) expect(englishKeys).toContain(key);
    expect(t('de', 'role.without-signature')).toBe('Ohne Unterschrift');
    expect(t('fr', 'problem.last_administrator.title')).toMatch(/administrateur/);
  });

  it('has a title and a detail for every error code of the one table', () => {
    const missing = Object.keys(DOMAIN_ERRORS).flatMap((code) => [`problem.${code}.title`, `problem.${code}.detail`]).filter((key) => !englishKeys.includes(key));
    expect(missing).toEqual([]);
  });

  it('is really translated (French and German differ from English)', () => {
    for (const lang of otherLanguages) {
      expect(t(lang, 'mail.invitation.intro', { spaceName: 'S', companyName: 'C' })).not.toBe(
        t('en', 'mail.invitation.intro', { spaceName: 'S', companyName: 'C' }),
      );
    }
  });
});

describe('t', () => {
  it('interpolates every placeholder', () => {
    expect(t('en', 'mail.invitation-accepted.body', { inviteeName: 'Jane Doe', spaceName: 'Acme HR' })).toContain('Jane Doe');
    expect(t('de', 'mail.invitation.certificate', { certificateSsn: 12345 })).toContain('Zertifikat Nr. 12345');
  });

  it('works without params for templates without placeholders', () => {
    expect(t('fr', 'role.administrator')).toBe('Administrateur');
  });

  it('throws when a placeholder has no param', () => {
    expect(() => t('en', 'mail.certification-approved.subject', {})).toThrow(/activityFieldName/);
    expect(() => t('fr', 'mail.invitation.expiry')).toThrow(/expiresAt/);
  });

  it('ignores unused params', () => {
    expect(t('en', 'role.manager', { unused: 'x' })).toBe('Manager');
  });
});

describe('formatDateTime', () => {
  const winter = '2025-01-15T14:30:00Z'; // 15:30 in Luxembourg (UTC+1)
  const summer = new Date('2025-07-15T14:30:00Z'); // 16:30 in Luxembourg (UTC+2)
  const zone = { fr: '(heure de Luxembourg)', de: '(Luxemburger Zeit)', en: '(Luxembourg time)' } as const;

  it.each(LANGUAGES)('%s shows date and Luxembourg time, the zone named one way in summer and winter', (lang) => {
    const w = formatDateTime(lang, winter);
    expect(w).toContain('2025');
    expect(w).toContain('15:30');
    expect(w.endsWith(zone[lang])).toBe(true);
    const s = formatDateTime(lang, summer);
    expect(s).toContain('16:30');
    expect(s.endsWith(zone[lang])).toBe(true);
    expect(s).not.toBe(w);
    expect(`${w} ${s}`).not.toMatch(/\b(CET|CEST|MEZ|MESZ|UTC|GMT)\b/);
  });

  it('prints dates as dates: French "1er" for the first of the month; a calendar date ends with that Luxembourg day', () => {
    expect(formatDate('fr', '2027-12-01T10:00:00Z')).toBe('1er décembre 2027');
    expect(formatDate('fr', '2027-12-11T10:00:00Z')).toBe('11 décembre 2027');
    expect(formatDate('de', '2027-12-01T10:00:00Z')).toBe('1. Dezember 2027');
    expect(formatDate('en', '2027-12-01T10:00:00Z')).toBe('1 December 2027');
    // 23:00 UTC on 31 December is already 1 January in Luxembourg.
    expect(formatDate('en', '2027-12-31T23:00:00Z')).toBe('1 January 2028');
    expect(endOfLuxembourgDay('2027-12-31').toISOString()).toBe('2027-12-31T22:59:59.999Z');
    expect(endOfLuxembourgDay('2027-07-31').toISOString()).toBe('2027-07-31T21:59:59.999Z');
    expect(formatDeadline('fr', endOfLuxembourgDay('2027-12-31'))).toBe('31 décembre 2027');
    expect(formatDeadline('fr', winter)).toBe(formatDateTime('fr', winter));
    expect([countryName('fr', 'LU'), countryName('de', 'LU'), countryName('en', 'BE')]).toEqual(['Luxembourg', 'Luxemburg', 'Belgium']);
  });

  it('differs between languages', () => {
    const out = LANGUAGES.map((lang) => formatDateTime(lang, winter));
    expect(new Set(out).size).toBe(LANGUAGES.length);
    expect(formatDateTime('de', winter)).toMatch(/Januar/);
    expect(formatDateTime('fr', winter)).toMatch(/janvier/);
    expect(formatDateTime('en', winter)).toMatch(/January/);
  });

  it('rejects an invalid date', () => {
    expect(() => formatDateTime('en', 'not a date')).toThrow(RangeError);
  });
});

describe('renderMail', () => {
  const invitation: MailParams['invitation'] = {
    spaceName: 'Comptabilité',
    companyName: 'Muster & Fils S.à r.l.',
    certificateSsn: '01234567890123456789',
    inviterName: 'Marie Muller',
    expiresAt: '2025-01-15T14:30:00Z',
    loginPortalUrl: 'https://login.example.lu/register',
    appUrl: 'https://spaces.example.lu/',
  };
  const doNotReply: Record<Language, string> = {
    en: 'This is an automatic message. Please do not reply to this e-mail.',
    fr: 'Ceci est un message automatique. Veuillez ne pas répondre à cet e-mail.',
    de: 'Dies ist eine automatische Nachricht. Bitte antworten Sie nicht auf diese E-Mail.',
  };

  it.each(LANGUAGES)('invitation (%s) has the essentials of R4', (lang) => {
    const mail = renderMail('invitation', lang, invitation);
    expect(mail.text.split('\n')[0]).toBe(doNotReply[lang]);
    expect(mail.text).toContain(invitation.certificateSsn);
    expect(mail.text).toContain(invitation.companyName);
    expect(mail.text).toContain(invitation.spaceName);
    expect(mail.text).toContain(invitation.inviterName);
    expect(mail.text).toContain(invitation.loginPortalUrl);
    expect(mail.text).toContain(invitation.appUrl);
    expect(mail.text).toContain(formatDateTime(lang, invitation.expiresAt));
    expect(mail.text.trimEnd().endsWith(t(lang, 'mail.common.signature'))).toBe(true);
    // Subjects carry no text a user typed (the space's name, a company not in the register): phishing relays.
    expect(mail.subject).toBe(t(lang, 'mail.invitation.subject'));
    expect(mail.subject).not.toContain(invitation.companyName);
    expect(mail.subject).not.toContain(invitation.spaceName);
    expect(mail.html).toContain(doNotReply[lang]);
    expect(mail.html).toContain(invitation.certificateSsn);
    expect(mail.html).toContain('Muster &amp; Fils');
    expect(mail.html).toContain(`href="${invitation.loginPortalUrl}"`);
    expect(mail.html).toContain(`lang="${lang}"`);
  });

  it.each(LANGUAGES)('escapes params in the html (%s)', (lang) => {
    const mail = renderMail('invitation', lang, {
      ...invitation,
      companyName: '<script>alert("x")</script>',
      inviterName: '<img src=x onerror=alert(1)>',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.text).toContain('<script>alert("x")</script>'); // plain text stays as is
  });

  it('does not turn a non-http URL param into a link', () => {
    const mail = renderMail('invitation', 'en', { ...invitation, appUrl: 'javascript:alert(1)' });
    expect(mail.html).not.toContain('href="javascript');
    expect(mail.html).toContain('javascript:alert(1)');
  });

  it('keeps line breaks out of the subject', () => {
    const mail = renderMail('invitation', 'en', { ...invitation, companyName: 'Acme\r\nBcc: x@y' });
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  const others: { [K in Exclude<MailKind, 'invitation'>]: MailParams[K] } = {
    'invitation-reminder': invitation,
    'invitation-expired': { inviteeName: 'Jean Weber', spaceName: 'Comptabilité', expiresAt: new Date('2025-01-15T14:30:00Z') },
    'invitation-accepted': { inviteeName: 'Jean Weber', spaceName: 'Comptabilité' },
    'invitation-declined': { inviteeName: 'Jean Weber', spaceName: 'Comptabilité' },
    'invitation-cancelled': { spaceName: 'Comptabilité', companyName: 'Muster & Fils S.à r.l.' },
  };
  const cases = LANGUAGES.flatMap((lang) =>
    (Object.keys(others) as (keyof typeof others)[]).map((kind) => [kind, lang] as const),
  );

  it.each(cases)('%s (%s) renders every param and the do-not-reply line', (kind, lang) => {
    const params = others[kind];
    const mail = renderMail(kind, lang, params as never);
    expect(mail.text.startsWith(doNotReply[lang])).toBe(true);
    expect(mail.subject.length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(params)) {
      if (name === 'loginPortalUrl' || name === 'appUrl') continue;
      const shown = name === 'expiresAt' ? formatDateTime(lang, value as Date) : String(value);
      expect(mail.text).toContain(shown);
    }
    expect(mail.text.trimEnd().endsWith(t(lang, 'mail.common.signature'))).toBe(true);
  });

  it('accepted mail names the invitee and the space in its text, not in the subject (no typed text in subjects)', () => {
    const mail = renderMail('invitation-accepted', 'de', others['invitation-accepted']);
    expect(mail.subject).toBe('Ihre Einladung wurde angenommen');
    expect(mail.text).toContain('Jean Weber');
    expect(mail.text).toContain('Comptabilité');
  });
});

describe('mail subjects carry no text a user typed (hardening: phishing relays)', () => {
  // What a subject may name: the administration's catalogs and dates — never a space, company or person name.
  const allowed = new Set(['activityFieldName', 'sectionName', 'procedureName', 'waitingSince', 'activationDeadline', 'endDate']);
  it.each(LANGUAGES)('%s', (lang) => {
    const keys = Object.keys(en).filter((key) => /^mail\.[a-z-]+\.subject$/.test(key)) as MessageKey[];
    expect(keys.length).toBeGreaterThan(20);
    for (const key of keys) {
      expect([...placeholdersOf(catalogs[lang][key])].filter((name) => !allowed.has(name)), key).toEqual([]);
    }
  });
});
