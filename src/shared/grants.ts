// No escalation (API.md "Trust rules"): a member grants only what they hold. The one rule behind inviting, editing
// or cancelling an invitation, and changing a member. Pure: the API and the pages call it.
import { PERMISSION_NAMES, type PermissionName, type Permissions, type Role } from './domain';

export interface Grant {
  role: Role;
  permissions: Permissions;
}

/** Roles by what they carry: an administrator holds everything a manager does, a manager what "without signature" does. */
const ROLE_RANK: Record<Role, number> = { 'without-signature': 0, manager: 1, administrator: 2 };

/**
 * The first right of `grant` that `granter` lacks (a role or a permission), or undefined when the granter holds all
 * of it. Only administrators grant `administrator`.
 */
export function rightNotHeld(granter: Grant, grant: Grant): Role | PermissionName | undefined {
  if (ROLE_RANK[grant.role] > ROLE_RANK[granter.role]) return grant.role;
  return PERMISSION_NAMES.find((name) => grant.permissions[name] && !granter.permissions[name]);
}
