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
  'certification.submitted',
  'certification.staff_reminded',
  'certification.information_requested',
  'certification.supplemented',
  'certification.approved',
  'certification.rejected',
  'certification.withdrawn',
  'certification.closed',
  // Procedures (R12–R14): who created, edited, signed and submitted which procedure.
  'procedure.created',
  'procedure.edited',
  'procedure.signed',
  'procedure.submitted',
  // Mandates (R22–R38): on the mandator's space and, where a delegate is concerned, on the delegate's too.
  'mandate.requested',
  'mandate.letters_dispatched',
  'mandate.activation_reminded',
  'mandate.holder_activated',
  'mandate.delegate_activated',
  'mandate.codes_expired',
  'mandate.expired',
  'mandate.revoked',
  'mandate.delegate_codes_changed',
  'mandate.end_date_changed',
  'mandate.activation_deadline_changed',
  'mandate.end_reminded',
  'mandate.ended',
  /** The certification by activation code ended with its mandate (trust rules). */
  'mandate.certification_removed',
  /** One delegate's access ended by the mandator (R32). */
  'mandate.delegate_revoked',
  'delegation.started',
  'delegation.ended',
  // R38: a delegate company regrouped a mandator into another of its spaces.
  'delegation.moved',
] as const;
export type SpaceEventType = (typeof SPACE_EVENT_TYPES)[number];

/** Certification requests (R20, R21): open while submitted or information_requested. */
export const CERTIFICATION_STATUSES = ['submitted', 'information_requested', 'approved', 'rejected', 'withdrawn', 'closed'] as const;
export type CertificationStatus = (typeof CERTIFICATION_STATUSES)[number];
export const OPEN_CERTIFICATION_STATUSES = ['submitted', 'information_requested'] as const satisfies readonly CertificationStatus[];

/** What authority staff decide on a waiting request. */
export const CERTIFICATION_DECISIONS = ['approve', 'reject', 'request-information'] as const;
export type CertificationDecision = (typeof CERTIFICATION_DECISIONS)[number];

/** How a space became certified: a decided request (R21) or an activation code (R22). */
export const CERTIFICATION_VIAS = ['request', 'activation-code'] as const;
export type CertificationVia = (typeof CERTIFICATION_VIAS)[number];

// ——— Mandates and activation codes (R22–R38) ———

export const MANDATE_STATUSES = ['requested', 'dispatched', 'active', 'revoked', 'expired', 'ended'] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];
export const CLOSED_MANDATE_STATUSES = ['revoked', 'expired', 'ended'] as const satisfies readonly MandateStatus[];

/** R24: what a mandate covers. At least one is true. */
export interface MandateScope {
  /** The delegate may start, edit, sign and submit procedures of every type of the mandate's section for the mandator (R35). */
  procedures: boolean;
  /** The delegate may consult the mandator's company, certifications and procedures of the section (R28). */
  dataConsultation: boolean;
}

export const ACTIVATION_CODE_KINDS = ['holder', 'delegate'] as const;
export type ActivationCodeKind = (typeof ACTIVATION_CODE_KINDS)[number];
export const ACTIVATION_CODE_STATUSES = ['issued', 'used', 'void', 'expired'] as const;
export type ActivationCodeStatus = (typeof ACTIVATION_CODE_STATUSES)[number];
export const DELEGATION_STATUSES = ['active', 'ended'] as const;
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];
export const LETTER_STATUSES = ['printed', 'dispatched'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

/**
 * Activation codes: 12 symbols without look-alikes (no 0/O, 1/I/L), printed XXXX-XXXX-XXXX. Without those five,
 * digits and Latin capitals leave 31 symbols (12 × log2 31 ≈ 59.4 bits).
 */
export const ACTIVATION_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ACTIVATION_CODE_LENGTH = 12;

/** Case- and dash-insensitive (R29 letters print dashes; people type what they like). Undefined when malformed. */
export function normalizeActivationCode(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (compact.length !== ACTIVATION_CODE_LENGTH) return undefined;
  for (const symbol of compact) if (!ACTIVATION_CODE_ALPHABET.includes(symbol)) return undefined;
  return compact;
}

export function formatActivationCode(normalized: string): string {
  return normalized.match(/.{1,4}/g)!.join('-');
}

/** Brute-force limit on code entry: this many failures per space within the window, then 429. */
export const ACTIVATION_FAILURE_LIMIT = 5;
export const ACTIVATION_FAILURE_WINDOW_MS = 60 * 60 * 1000;
/** R34: an end date of use lies at most this far ahead. */
export const MANDATE_MAX_YEARS = 25;

/**
 * R34, the one home of the end-date rule (API pre-check and workflow validator): in the future and at most
 * MANDATE_MAX_YEARS calendar years after `now`. Pure (the workflow passes its own Date.now()).
 */
export function isAllowedMandateEndDate(endDateMs: number, nowMs: number): boolean {
  const limit = new Date(nowMs);
  limit.setUTCFullYear(limit.getUTCFullYear() + MANDATE_MAX_YEARS);
  return Number.isFinite(endDateMs) && endDateMs > nowMs && endDateMs <= limit.getTime();
}
/** R34 as the API and the workflow's validator word a refusal. */
export const MANDATE_END_DATE_RULE = `must lie in the future and at most ${MANDATE_MAX_YEARS} years ahead`;
/** Delegate codes per access request or code change. */
export const MAX_DELEGATE_CODES = 20;
