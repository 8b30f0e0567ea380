// The unit layer: pure rules tested in milliseconds, without a stack. The real-stack tests show the same rules
// through the HTTP contract; these pin their edge cases down where the branching lives.
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, toPage } from '../../src/platform/pagination';
import { DomainError } from '../../src/domain/errors';
import { hashActivationCode, hashEnteredCode } from '../../src/platform/codes';
import { formatActivationCode, normalizeActivationCode } from '../../src/domain/mandates';
import { permissionsAfterChange, permissionsForRole, type Permissions } from '../../src/domain/access';
import { parseDuration } from '../../src/domain/duration';
import { DOMAIN_ERRORS } from '../../src/domain/errors';
import { domainFailure, domainFailureOf, failureDetails } from '../../src/domain/failures';
import { rightNotHeld } from '../../src/domain/access';
import { chooseProcedureLanguage, spaceLanguage } from '../../src/domain/language';
import { findProcedureType } from '../../src/domain/procedures';
import { timelineEventId } from '../../src/domain/timeline';
import { certificateMismatchRefusal, lastAdministratorRefusal } from '../../src/domain/access';

const all: Permissions = { inviteUsers: true, deleteUsers: true, editProcedures: true, signProcedures: true };
const managerPlain: Permissions = { inviteUsers: false, deleteUsers: false, editProcedures: true, signProcedures: true };

describe('role presets and permissions (R12–R14)', () => {
  it('an administrator holds every permission, fixed', () => {
    expect(permissionsForRole('administrator')).toEqual({ ok: true, permissions: all });
    expect(permissionsForRole('administrator', { deleteUsers: false })).toMatchObject({ ok: false, field: 'deleteUsers' });
  });

  it('a manager signs and a member without signature never does; both always edit', () => {
    expect(permissionsForRole('manager', { inviteUsers: true })).toEqual({ ok: true, permissions: { ...managerPlain, inviteUsers: true } });
    expect(permissionsForRole('without-signature')).toEqual({ ok: true, permissions: { ...managerPlain, signProcedures: false } });
    expect(permissionsForRole('without-signature', { signProcedures: true })).toMatchObject({ ok: false, field: 'signProcedures' });
    expect(permissionsForRole('manager', { signProcedures: false })).toMatchObject({ ok: false, field: 'signProcedures' });
    expect(permissionsForRole('manager', { editProcedures: false })).toMatchObject({ ok: false, field: 'editProcedures' });
  });

  it('after a role change the new preset applies; an unchanged role keeps invite/delete; named flags apply on top', () => {
    const manager = { role: 'manager' as const, permissions: { ...managerPlain, inviteUsers: true, deleteUsers: true } };
    // A new role starts from its preset: the invite/delete flags the manager had do not follow.
    expect(permissionsAfterChange(manager, { role: 'without-signature' })).toEqual({ ok: true, permissions: { ...managerPlain, signProcedures: false } });
    expect(permissionsAfterChange(manager, { role: 'without-signature', permissions: { deleteUsers: true } })).toEqual({
      ok: true,
      permissions: { inviteUsers: false, deleteUsers: true, editProcedures: true, signProcedures: false },
    });
    // The same role named again is no change: the flags stay.
    expect(permissionsAfterChange(manager, { role: 'manager' })).toEqual({ ok: true, permissions: manager.permissions });
    expect(permissionsAfterChange(manager, { permissions: { inviteUsers: false } })).toEqual({ ok: true, permissions: { ...manager.permissions, inviteUsers: false } });
    expect(permissionsAfterChange({ role: 'administrator', permissions: all }, { role: 'manager' })).toEqual({ ok: true, permissions: managerPlain });
    expect(permissionsAfterChange(manager, { role: 'administrator' })).toEqual({ ok: true, permissions: all });
    expect(permissionsAfterChange(manager, { role: 'without-signature', permissions: { signProcedures: true } })).toMatchObject({ ok: false, field: 'signProcedures' });
  });

  it('no escalation: a granter grants only roles and permissions they hold', () => {
    const manager = { role: 'manager' as const, permissions: { ...managerPlain, inviteUsers: true } };
    expect(rightNotHeld(manager, { role: 'administrator', permissions: all })).toBe('administrator');
    expect(rightNotHeld(manager, { role: 'manager', permissions: { ...managerPlain, deleteUsers: true } })).toBe('deleteUsers');
    expect(rightNotHeld(manager, { role: 'without-signature', permissions: { ...managerPlain, inviteUsers: true, signProcedures: false } })).toBeUndefined();
    expect(rightNotHeld({ role: 'administrator', permissions: all }, { role: 'administrator', permissions: all })).toBeUndefined();
  });
});

describe('R10: a space keeps an administrator', () => {
  it('refuses demoting or removing the last administrator, and only that', () => {
    expect(lastAdministratorRefusal('administrator', 'manager', 0)).toEqual({ code: 'last_administrator', message: expect.stringContaining('R10') });
    expect(lastAdministratorRefusal('administrator', null, 0)?.code).toBe('last_administrator');
    expect(lastAdministratorRefusal('administrator', 'administrator', 0)).toBeUndefined();
    expect(lastAdministratorRefusal('administrator', null, 1)).toBeUndefined();
    expect(lastAdministratorRefusal('manager', null, 0)).toBeUndefined();
    expect(DOMAIN_ERRORS.last_administrator).toBe(409);
  });
});

describe('R15: only the invited certificate answers', () => {
  it('refuses another certificate with certificate_mismatch (403)', () => {
    expect(certificateMismatchRefusal('12345678901234567890', '12345678901234567890')).toBeUndefined();
    expect(certificateMismatchRefusal('12345678901234567890', '09876543210987654321')?.code).toBe('certificate_mismatch');
    expect(DOMAIN_ERRORS.certificate_mismatch).toBe(403);
  });
});

describe('activation codes (R22, R25)', () => {
  it('normalise case, dashes and spaces; refuse look-alikes and wrong lengths', () => {
    expect(normalizeActivationCode(' abcd-efgh-jkmn ')).toBe('ABCDEFGHJKMN');
    expect(normalizeActivationCode('ABCD EFGH JKMN')).toBe('ABCDEFGHJKMN');
    expect(normalizeActivationCode('ABCD-EFGH-JKM0')).toBeUndefined();
    expect(normalizeActivationCode('ABCD-EFGH-JKMI')).toBeUndefined();
    expect(normalizeActivationCode('ABCD-EFGH-JKM')).toBeUndefined();
    expect(formatActivationCode('ABCDEFGHJKMN')).toBe('ABCD-EFGH-JKMN');
  });

  it('hash what was typed as the stored form of the normalised code', () => {
    expect(hashEnteredCode('secret', 'abcd-efgh-jkmn')).toBe(hashActivationCode('secret', 'ABCDEFGHJKMN'));
    expect(hashEnteredCode('secret', 'abcd-efgh-jkmn')).not.toBe(hashActivationCode('other', 'ABCDEFGHJKMN'));
    expect(hashEnteredCode('secret', 'nonsense')).toBeUndefined();
  });
});

describe('procedure language (R43–R45)', () => {
  it('the space language first, else the user language, then the fallback order', () => {
    const vat = findProcedureType('vat-return')!;
    const withholding = findProcedureType('withholding-tax-return')!;
    expect(chooseProcedureLanguage(vat, spaceLanguage({ procedureLanguage: 'de' }, 'en'))).toEqual({ language: 'de', fallback: null });
    expect(chooseProcedureLanguage(vat, spaceLanguage({ procedureLanguage: null }, 'en'))).toEqual({ language: 'en', fallback: null });
    expect(chooseProcedureLanguage(withholding, spaceLanguage({ procedureLanguage: null }, 'en'))).toEqual({ language: 'fr', fallback: { requested: 'en', used: 'fr' } });
    expect(chooseProcedureLanguage(withholding, spaceLanguage({ procedureLanguage: 'en' }, 'de'))).toEqual({ language: 'fr', fallback: { requested: 'en', used: 'fr' } });
  });
});

describe('cursors', () => {
  const id = '3f2b8c1e-5d4a-4b6f-9e7d-2a1c0b9e8f7d';

  it('round-trip a position and refuse anything the API did not issue (422)', () => {
    const at = '2026-03-01T10:00:00.123Z';
    expect(decodeCursor(encodeCursor({ at, id }))).toEqual({ at, id });
    expect(decodeCursor(encodeCursor({ at, id: 'invitation.created:abc' }), 'text')).toEqual({ at, id: 'invitation.created:abc' });
    expect(decodeCursor(undefined)).toBeUndefined();
    for (const bad of ['x', `1_${id}x`, '123456789012345_' + id, `1_not-a-uuid`, `1_${'a'.repeat(400)}`]) {
      expect(() => decodeCursor(bad), bad).toThrow(DomainError);
    }
  });

  it('a page has a next cursor only when there are more rows', () => {
    const rows = [1, 2, 3].map((n) => ({ at: new Date(n * 1000).toISOString(), id }));
    expect(toPage(rows, 3, (row) => row).nextCursor).toBeNull();
    const page = toPage(rows, 2, (row) => row);
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBe(`2000_${id}`);
  });
});

describe('durations', () => {
  it('reads 14d, 10m, 5s, 250ms, 1.5h and refuses anything else', () => {
    expect(parseDuration('14d')).toBe(14 * 86_400_000);
    expect(parseDuration(' 10m ')).toBe(600_000);
    expect(parseDuration('5s')).toBe(5_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    for (const bad of ['', '10', 'd', '5y', '-1s']) expect(() => parseDuration(bad), bad).toThrow();
  });
});

describe('typed domain failures', () => {
  it('carry a code of the error-code table as their type, non-retryable, found again through causes', () => {
    const failure = domainFailure('resend_too_soon', 'wait', { retryAfterSeconds: 30 });
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect([failure.type, failure.nonRetryable, failure.message]).toEqual(['resend_too_soon', true, 'wait']);
    expect(failureDetails(failure)).toEqual({ retryAfterSeconds: 30 });
    const wrapped = Object.assign(new Error('update failed'), { cause: Object.assign(new Error('workflow'), { cause: failure }) });
    expect(domainFailureOf(wrapped)).toBe(failure);
    expect(domainFailure('not_found', 'gone').details).toEqual([]);
    expect(domainFailureOf(ApplicationFailure.nonRetryable('x', 'SomethingElse'))).toBeUndefined();
    expect(domainFailureOf(new Error('plain'))).toBeUndefined();
  });
});

describe('timeline event ids', () => {
  it('are <type>/<key>, and every shape the writers use is a valid timeline cursor id', () => {
    const activityKey = `invitation-${'3f2b8c1e-5d4a-4b6f-9e7d-2a1c0b9e8f7d'}/0193a4b2-7c1d-7e5f-8a9b-0c1d2e3f4a5b/12`;
    expect(timelineEventId('invitation.reminded', activityKey)).toBe(`invitation.reminded/${activityKey}`);
    expect(timelineEventId('invitation.created', 'abc')).not.toBe(timelineEventId('invitation.accepted', 'abc'));
    const at = '2026-03-01T10:00:00.000Z';
    for (const id of [timelineEventId('mandate.end_reminded', `${activityKey}/3f2b8c1e-5d4a-4b6f-9e7d-2a1c0b9e8f7d`), timelineEventId('space.created', '3f2b8c1e-5d4a-4b6f-9e7d-2a1c0b9e8f7d')]) {
      expect(decodeCursor(encodeCursor({ at, id }), 'text')).toEqual({ at, id });
    }
  });
});
