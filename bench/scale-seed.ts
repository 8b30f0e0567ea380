// The data of the bench's scale section, written straight into Postgres with generate_series (the API would take
// hours for it): a large space and a large delegate among a background of many spaces, and a small space and a small
// delegate to compare with. Ids derive from md5 of a name (scaleId), so the bench derives them without reading them back. Times are
// whole milliseconds, as the application writes them (a cursor names its last row exactly).
import { createHash } from 'node:crypto';
import type { Sql } from 'postgres';

/** The id the seed writes for `name`: md5 of it, stamped as a version 4 UUID (the API accepts no other). */
export function scaleId(name: string): string {
  const hex = createHash('md5').update(`scale:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export interface ScaleVolumes {
  /** Active members of the large space; as many pending invitees again, and as many accepted invitations. */
  members: number;
  /** Timeline events of the large space. */
  events: number;
  /** Mandators of the large delegate. */
  mandators: number;
  /** Pending invitations addressed to one certificate, each in another background space (GET /me/invitations). */
  myInvitations: number;
  /** Background: spaces, each with an administrator and `invitationsPerSpace` invitations. */
  spaces: number;
  invitationsPerSpace: number;
  /** Rows of each kind in the small space and the small delegate. */
  small: number;
}

export const DEFAULT_VOLUMES: ScaleVolumes = { members: 5_000, events: 100_000, mandators: 2_000, myInvitations: 5_000, spaces: 40_000, invitationsPerSpace: 5, small: 200 };

/** Who calls the lists, and where. */
export const SCALE = {
  adminSsn: '80000000000000000000',
  largeInviteeSsn: '80000000000000000001',
  smallInviteeSsn: '80000000000000000002',
  adminPersonId: scaleId('person:admin'),
  large: { spaceId: scaleId('space:large'), delegateId: scaleId('space:large-delegate') },
  small: { spaceId: scaleId('space:small'), delegateId: scaleId('space:small-delegate') },
};

const PERMISSIONS = `'{"inviteUsers":false,"deleteUsers":false,"editProcedures":true,"signProcedures":true}'::jsonb`;
const ADMIN_PERMISSIONS = `'{"inviteUsers":true,"deleteUsers":true,"editProcedures":true,"signProcedures":true}'::jsonb`;
const ADDRESS = `'{"line1":"1 rue du Banc","postalCode":"L-1000","city":"Luxembourg","country":"LU"}'::jsonb`;
const id = (expression: string) => `overlay(overlay(md5('scale:' || ${expression}) placing '4' from 13) placing '8' from 17)::uuid`;
// Whole milliseconds, spread over the past year, one row after another.
const at = (offsetMs: string) => `date_trunc('milliseconds', timestamptz '2026-01-01' + (${offsetMs.replace(/\bg\b/g, 'g::bigint')}) * interval '1 millisecond')`;

/** One space with its members, pending invitees (and their accepted invitations) and timeline. */
function space(name: string, members: number, events: number): string {
  const spaceId = id(`'space:${name}'`);
  return `
    insert into spaces (id, name, company_name, company_registration_number, company_address, created_by, created_at)
    values (${spaceId}, 'Scale ${name}', 'Scale ${name} SA', 'B-scale-${name}', ${ADDRESS}, ${id(`'person:admin'`)}, ${at('0')});
    insert into memberships (id, space_id, person_id, certificate_ssn, certificate_mode, role, permissions, created_at)
    values (${id(`'membership:${name}:admin'`)}, ${spaceId}, ${id(`'person:admin'`)}, '${SCALE.adminSsn}', 'any', 'administrator', ${ADMIN_PERMISSIONS}, ${at('0')});
    insert into persons (id, name, email, language, created_at)
    select ${id(`'person:${name}:' || g`)}, 'Member ' || g, 'm' || g || '@${name}.bench.example.lu', 'fr', ${at('g * 60000')}
      from generate_series(1, ${members}) g;
    insert into certificates (ssn, person_id, created_at)
    select '7${name === 'large' ? 1 : 2}' || lpad(g::text, 18, '0'), ${id(`'person:${name}:' || g`)}, ${at('g * 60000')}
      from generate_series(1, ${members}) g;
    insert into invitations (id, space_id, certificate_ssn, first_name, last_name, email, role, permissions, certificate_mode, status,
                             invited_by, expires_at, answered_by, answered_at, created_at)
    select ${id(`'invitation:${name}:accepted:' || g`)}, ${spaceId}, '7${name === 'large' ? 1 : 2}' || lpad(g::text, 18, '0'), 'Member', g::text,
           'm' || g || '@${name}.bench.example.lu', 'manager', ${PERMISSIONS}, 'any', 'accepted', ${id(`'person:admin'`)},
           ${at('g * 60000 + 1209600000')}, ${id(`'person:${name}:' || g`)}, ${at('g * 60000 + 1000')}, ${at('g * 60000 - 60000')}
      from generate_series(1, ${members}) g;
    insert into memberships (id, space_id, person_id, certificate_ssn, certificate_mode, role, permissions, invitation_id, created_at)
    select ${id(`'membership:${name}:' || g`)}, ${spaceId}, ${id(`'person:${name}:' || g`)}, '7${name === 'large' ? 1 : 2}' || lpad(g::text, 18, '0'),
           'any', 'manager', ${PERMISSIONS}, ${id(`'invitation:${name}:accepted:' || g`)}, ${at('g * 60000 + 1000')}
      from generate_series(1, ${members}) g;
    insert into invitations (id, space_id, certificate_ssn, first_name, last_name, email, role, permissions, certificate_mode, status,
                             invited_by, expires_at, created_at)
    select ${id(`'invitation:${name}:pending:' || g`)}, ${spaceId}, '6${name === 'large' ? 1 : 2}' || lpad(g::text, 18, '0'), 'Pending', g::text,
           'p' || g || '@${name}.bench.example.lu', 'manager', ${PERMISSIONS}, 'invited-only', 'pending', ${id(`'person:admin'`)},
           now() + interval '14 days', ${at('g * 60000 + 30000')}
      from generate_series(1, ${members}) g;
    insert into space_events (id, space_id, type, actor_person_id, actor_name, subject_id, data, occurred_at)
    select 'member.changed/scale-${name}-' || g, ${spaceId}, 'member.changed', ${id(`'person:admin'`)}, 'Scale Admin',
           ${id(`'membership:${name}:' || (g % ${members} + 1)`)}::text,
           '{"from":{"role":"manager"},"to":{"role":"without-signature"}}'::jsonb, ${at('g * 300')}
      from generate_series(1, ${events}) g;`;
}

/** A delegate space acting for `mandators` companies: per mandator a space, an active mandate, its letter and used code, the delegation. */
function delegate(name: string, mandators: number): string {
  const delegateId = id(`'space:${name}-delegate'`);
  const key = (what: string) => id(`'${what}:${name}:' || g`);
  return `
    insert into spaces (id, name, company_name, company_registration_number, company_address, created_by, created_at)
    values (${delegateId}, 'Scale ${name} delegate', 'Fiduciaire ${name} SA', 'B-scale-${name}-delegate', ${ADDRESS}, ${id(`'person:admin'`)}, ${at('0')});
    insert into memberships (id, space_id, person_id, certificate_ssn, certificate_mode, role, permissions, created_at)
    values (${id(`'membership:${name}-delegate:admin'`)}, ${delegateId}, ${id(`'person:admin'`)}, '${SCALE.adminSsn}', 'any', 'administrator', ${ADMIN_PERMISSIONS}, ${at('0')});
    insert into spaces (id, name, company_name, company_registration_number, company_address, created_by, created_at)
    select ${key('mandator')}, 'Mandator ' || g, 'Mandator ${name} ' || g || ' SA', 'M-${name}-' || g, ${ADDRESS}, ${id(`'person:admin'`)}, ${at('g * 60000')}
      from generate_series(1, ${mandators}) g;
    insert into mandates (id, mandator_space_id, company_registration_number, section, scope, status, requested_by, activation_deadline,
                          activated_at, created_at, updated_at)
    select ${key('mandate')}, ${key('mandator')}, 'M-${name}-' || g, 'tax', '{"procedures":true,"dataConsultation":true}'::jsonb, 'active',
           ${id(`'person:admin'`)}, ${at('g * 60000 + 5184000000')}, ${at('g * 60000 + 1000')}, ${at('g * 60000')}, ${at('g * 60000 + 1000')}
      from generate_series(1, ${mandators}) g;
    insert into letters (id, mandate_id, kind, batch, recipient, language, status, file_name, printed_at, dispatched_at)
    select ${key('letter')}, ${key('mandate')}, 'delegate', 0, jsonb_build_object('companyName', 'Mandator ' || g, 'address', ${ADDRESS}), 'fr',
           'dispatched', 'scale-${name}-' || g || '.pdf', ${at('g * 60000')}, ${at('g * 60000')}
      from generate_series(1, ${mandators}) g;
    insert into activation_codes (id, mandate_id, kind, batch, code_hash, status, used_by_space_id, used_at, letter_id, created_at)
    select ${key('code')}, ${key('mandate')}, 'delegate', 0, md5('scale-code:${name}:' || g), 'used', ${delegateId}, ${at('g * 60000 + 2000')},
           ${key('letter')}, ${at('g * 60000')}
      from generate_series(1, ${mandators}) g;
    insert into delegations (id, mandate_id, delegate_space_id, activation_code_id, status, created_at)
    select ${key('delegation')}, ${key('mandate')}, ${delegateId}, ${key('code')}, 'active', ${at('g * 60000 + 2000')}
      from generate_series(1, ${mandators}) g;`;
}

/**
 * Background volume: spaces of other companies, each with its administrator, `perSpace` invitations (one pending,
 * the rest answered or expired) and its creation in the timeline; the first spaces also invited the two callers of
 * GET /me/invitations (the large and the small one).
 */
function background(spaces: number, perSpace: number, large: number, small: number): string {
  return `
    insert into persons (id, name, email, language, created_at)
    select ${id(`'person:bg:' || g`)}, 'Administrator ' || g, 'a' || g || '@bg.bench.example.lu', 'fr', ${at('g * 600')}
      from generate_series(1, ${spaces}) g;
    insert into certificates (ssn, person_id, created_at)
    select '5' || lpad(g::text, 19, '0'), ${id(`'person:bg:' || g`)}, ${at('g * 600')} from generate_series(1, ${spaces}) g;
    insert into spaces (id, name, company_name, company_registration_number, company_address, created_by, created_at)
    select ${id(`'space:bg:' || g`)}, 'Space ' || g, 'Company ' || g || ' SA', 'B-bg-' || g, ${ADDRESS}, ${id(`'person:bg:' || g`)}, ${at('g * 600')}
      from generate_series(1, ${spaces}) g;
    insert into memberships (id, space_id, person_id, certificate_ssn, certificate_mode, role, permissions, created_at)
    select ${id(`'membership:bg:' || g`)}, ${id(`'space:bg:' || g`)}, ${id(`'person:bg:' || g`)}, '5' || lpad(g::text, 19, '0'), 'any',
           'administrator', ${ADMIN_PERMISSIONS}, ${at('g * 600')}
      from generate_series(1, ${spaces}) g;
    insert into invitations (id, space_id, certificate_ssn, first_name, last_name, email, role, permissions, certificate_mode, status,
                             invited_by, expires_at, created_at)
    select ${id(`'invitation:bg:' || g || ':' || k`)}, ${id(`'space:bg:' || g`)},
           case when k = 1 and g <= ${large} then '${SCALE.largeInviteeSsn}'
                when k = 1 and g <= ${large + small} then '${SCALE.smallInviteeSsn}'
                else '4' || lpad((g * ${perSpace} + k)::text, 19, '0') end,
           'Invitee', g || '-' || k, 'i' || g || '-' || k || '@bg.bench.example.lu', 'manager', ${PERMISSIONS}, 'any',
           (array['pending', 'accepted', 'declined', 'expired', 'cancelled'])[1 + (k - 1) % 5],
           ${id(`'person:bg:' || g`)}, now() + interval '14 days', ${at('g * 600 + k * 100')}
      from generate_series(1, ${spaces}) g, generate_series(1, ${perSpace}) k;
    insert into space_events (id, space_id, type, actor_person_id, actor_name, subject_id, data, occurred_at)
    select 'space.created/scale-bg-' || g, ${id(`'space:bg:' || g`)}, 'space.created', ${id(`'person:bg:' || g`)}, 'Administrator ' || g, null, '{}'::jsonb, ${at('g * 600')}
      from generate_series(1, ${spaces}) g;`;
}

/** Writes the scale data into a migrated database (one transaction), then vacuums and analyses the tables it wrote. */
export async function seedScale(sql: Sql, volumes: ScaleVolumes = DEFAULT_VOLUMES): Promise<void> {
  await sql.begin(async (tx) => {
    await tx.unsafe(`
      insert into persons (id, name, email, language) values (${id(`'person:admin'`)}, 'Scale Admin', 'admin@scale.bench.example.lu', 'fr');
      insert into certificates (ssn, person_id) values ('${SCALE.adminSsn}', ${id(`'person:admin'`)});
      ${space('large', volumes.members, volumes.events)}
      ${space('small', volumes.small, volumes.small)}
      ${delegate('large', volumes.mandators)}
      ${delegate('small', volumes.small)}
      ${background(volumes.spaces, volumes.invitationsPerSpace, volumes.myInvitations, volumes.small)}`);
  });
  // As a database that has lived: statistics for the planner, hint bits and visibility map written (else the first
  // reads after the seed pay for them, and autovacuum runs during the measurements).
  await sql.unsafe('vacuum (analyze) persons, certificates, spaces, memberships, invitations, space_events, mandates, letters, activation_codes, delegations');
}
