// Who may do what in a space (R1, R8–R19, R16): roles, permissions and their presets, certificate modes, and the
// rules every grant and every membership change obeys — no escalation, at least one administrator, only the
// invited certificate answers. Pure: the use-cases and the workflows call these; nothing else decides them.
import type { DomainErrorCode } from './errors';

/** A LuxTrust certificate is identified by its 20-digit Subject Serial Number (R1, R8). */
export const CERTIFICATE_SSN_PATTERN = /^\d{20}$/;

/** Roles a space member can hold (R9, R13, R14). */
export const ROLES = ['administrator', 'manager', 'without-signature'] as const;
export type Role = (typeof ROLES)[number];

/** What the administrator decides per member (R12). */
export interface Permissions {
  inviteUsers: boolean;
  deleteUsers: boolean;
  editProcedures: boolean;
  signProcedures: boolean;
}
export const PERMISSION_NAMES = ['inviteUsers', 'deleteUsers', 'editProcedures', 'signProcedures'] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];

/**
 * Role presets (API.md): an administrator holds all four, fixed; a manager edits and signs; "without signature"
 * edits and never signs. Only the invite/delete flags may be granted to the last two.
 * Returns the effective permissions, or the name of the flag the role does not allow.
 */
export function permissionsForRole(
  role: Role,
  requested: Partial<Permissions> = {},
): { ok: true; permissions: Permissions } | { ok: false; field: PermissionName; reason: string } {
  if (role === 'administrator') {
    for (const name of PERMISSION_NAMES) {
      if (requested[name] === false) return { ok: false, field: name, reason: 'an administrator always holds every permission' };
    }
    return { ok: true, permissions: { inviteUsers: true, deleteUsers: true, editProcedures: true, signProcedures: true } };
  }
  const signs = role === 'manager';
  if (requested.editProcedures === false) return { ok: false, field: 'editProcedures', reason: `the role ${role} always edits procedures` };
  if (requested.signProcedures !== undefined && requested.signProcedures !== signs) {
    return { ok: false, field: 'signProcedures', reason: signs ? 'a manager always signs procedures' : 'a member without signature never signs procedures' };
  }
  return {
    ok: true,
    permissions: {
      inviteUsers: requested.inviteUsers ?? false,
      deleteUsers: requested.deleteUsers ?? false,
      editProcedures: true,
      signProcedures: signs,
    },
  };
}

/**
 * Permissions after a change of role and/or permissions (PATCH of a member or of a pending invitation, R12, R17):
 * a new role starts from that role's preset, an unchanged role keeps the invite/delete flags already granted;
 * flags named in the change apply on top. The one behaviour of both routes.
 */
export function permissionsAfterChange(
  current: { role: Role; permissions: Permissions },
  change: { role?: Role; permissions?: Partial<Permissions> },
): ReturnType<typeof permissionsForRole> {
  const role = change.role ?? current.role;
  const kept = role === current.role ? { inviteUsers: current.permissions.inviteUsers, deleteUsers: current.permissions.deleteUsers } : {};
  return permissionsForRole(role, { ...kept, ...change.permissions });
}

/** R16: access later with any certificate of the same person, or only with the invited one. */
export const CERTIFICATE_MODES = ['invited-only', 'any'] as const;
export type CertificateMode = (typeof CERTIFICATE_MODES)[number];

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'cancelled', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const MEMBER_STATUSES = ['active', 'pending'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Who acted: the person behind a timeline event or a process step. */
export interface Actor {
  personId: string;
  name: string;
}

export interface Grant {
  role: Role;
  permissions: Permissions;
}

/** Roles by what they carry: an administrator holds everything a manager does, a manager what "without signature" does. */
const ROLE_RANK: Record<Role, number> = { 'without-signature': 0, manager: 1, administrator: 2 };

/**
 * No escalation (API.md "Trust rules"): a member grants only what they hold. The first right of `grant` that
 * `granter` lacks (a role or a permission), or undefined when the granter holds all of it. Only administrators grant
 * `administrator`.
 */
export function rightNotHeld(granter: Grant, grant: Grant): Role | PermissionName | undefined {
  if (ROLE_RANK[grant.role] > ROLE_RANK[granter.role]) return grant.role;
  return PERMISSION_NAMES.find((name) => grant.permissions[name] && !granter.permissions[name]);
}

export interface Refusal {
  code: DomainErrorCode;
  message: string;
  /** The catalog's words for it, when the code's own detail needs parameters. */
  detail?: { key: string; params: Record<string, string> };
}

/**
 * No escalation: the granter grants (or touches an invitation or member that holds) only what they hold
 * themselves. Every grant given is one of `grants` (e.g. an invitation as it is and as it will be).
 */
export function escalationRefusal(granter: Grant, ...grants: Grant[]): Refusal | undefined {
  for (const grant of grants) {
    const right = rightNotHeld(granter, grant);
    if (right !== undefined) {
      return { code: 'cannot_grant', message: `You do not hold "${right}" in this space, so you cannot grant it.`, detail: { key: 'problem.cannot_grant.detail', params: { right } } };
    }
  }
  return undefined;
}

/**
 * R10: a space keeps at least one administrator. `next` is the member's role after the change, or null when the
 * member leaves; `otherAdministrators` counts the space's administrators besides this member (read under the lock).
 */
export function lastAdministratorRefusal(current: Role, next: Role | null, otherAdministrators: number): Refusal | undefined {
  if (current !== 'administrator' || next === 'administrator' || otherAdministrators > 0) return undefined;
  return { code: 'last_administrator', message: 'The space must keep at least one administrator (R10).' };
}

/** R15: only the certificate an invitation names may answer it (accept or decline). */
export function certificateMismatchRefusal(invitedSsn: string, answeringSsn: string): Refusal | undefined {
  if (invitedSsn === answeringSsn) return undefined;
  return { code: 'certificate_mismatch', message: 'Log in with the certificate named in the invitation to answer it.' };
}
