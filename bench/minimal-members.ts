// Baseline for the members list: the least a route can do for the same answer — the same HS256 token check, then
// one SQL round trip with postgres.js that checks the caller's membership and reads the same page of 200 members
// and pending invitees, mapped to the same JSON. No framework beyond Hono, no ORM, no rights cache.
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { jwtVerify } from 'jose';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => undefined });
const secret = new TextEncoder().encode(process.env.AUTH_SECRET!);
const iso = (value: Date | null) => (value === null ? null : value.toISOString());

const app = new Hono().get('/spaces/:spaceId/members', async (c) => {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  if (!match) return c.json({ code: 'unauthorized' }, 401);
  let ssn: string;
  try {
    ssn = String((await jwtVerify(match[1]!, secret, { algorithms: ['HS256'] })).payload.sub);
  } catch {
    return c.json({ code: 'unauthorized' }, 401);
  }
  const spaceId = c.req.param('spaceId');
  const limit = Math.min(Number(c.req.query('limit') ?? 50), 200);
  const rows = await sql`
    select * from (
      select m.id, 'active' as status, p.name, p.email, m.certificate_ssn, m.certificate_mode, m.role, m.permissions,
             m.created_at as since, m.invitation_id, null::timestamptz as expires_at
        from memberships m join persons p on p.id = m.person_id
       where m.space_id = ${spaceId}
      union all
      select i.id, 'pending', i.first_name || ' ' || i.last_name, i.email, i.certificate_ssn, i.certificate_mode, i.role,
             i.permissions, i.created_at, i.id, i.expires_at
        from invitations i
       where i.space_id = ${spaceId} and i.status = 'pending'
    ) members
    where exists (select 1 from certificates c join memberships m on m.person_id = c.person_id
                   where c.ssn = ${ssn} and m.space_id = ${spaceId} and (m.certificate_mode <> 'invited-only' or m.certificate_ssn = ${ssn}))
    order by since, id
    limit ${limit + 1}`;
  if (rows.length === 0) return c.json({ code: 'not_found' }, 404);
  const items = rows.slice(0, limit).map((row) => ({
    id: row.id,
    status: row.status,
    name: row.name,
    email: row.email,
    certificateSsn: row.certificate_ssn,
    certificateMode: row.certificate_mode,
    role: row.role,
    permissions: row.permissions,
    since: iso(row.since),
    invitationId: row.invitation_id,
    expiresAt: iso(row.expires_at),
  }));
  return c.json({ items, nextCursor: rows.length > limit ? 'next' : null });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3998), hostname: '127.0.0.1' });
