// Domain vocabulary shared by the API, the activities and the workflows.
// Pure data and functions only: workflow code imports this module, so no I/O and no Node built-ins.

/** Languages of the portal (R39). French is the default (R41). */
export const LANGUAGES = ['fr', 'de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'fr';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

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

/** R16: access later with any certificate of the same person, or only with the invited one. */
export const CERTIFICATE_MODES = ['invited-only', 'any'] as const;
export type CertificateMode = (typeof CERTIFICATE_MODES)[number];

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'cancelled', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const MEMBER_STATUSES = ['active', 'pending'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Kinds of entries in a space's timeline (GET /spaces/{spaceId}/events). */
export const SPACE_EVENT_TYPES = [
  'space.created',
  'space.procedure_language_set',
  'invitation.created',
  'invitation.edited',
  'invitation.resent',
  'invitation.reminded',
  'invitation.accepted',
  'invitation.declined',
  'invitation.cancelled',
  'invitation.expired',
  'member.changed',
  'member.removed',
] as const;
export type SpaceEventType = (typeof SPACE_EVENT_TYPES)[number];
