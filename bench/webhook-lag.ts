// The webhook phase of `npm run bench`: a space with an endpoint subscribed to `invitation.created` (a receiver in
// the bench process), POST invitations at c=20 for the run's duration, then every delivery's lag: its arrival minus
// the event's `timestamp` (the moment the change was recorded, in the API process on this machine's clock).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const round = (value: number) => Math.round(value);

export interface WebhookLag {
  /** Invitations whose 201 autocannon read (a few more may have been created by requests in flight at the end). */
  invitations: number;
  rps: number;
  deliveries: number;
  /** Distinct webhook-ids among them (a redelivery of one event repeats its id). */
  distinctEvents: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** Seconds after the load until the last delivery arrived. */
  drainSeconds: number;
  /** The same lag with no load: one invitation at a time, each waiting for its delivery. */
  idle: { runs: number; lagP50Ms: number; lagP99Ms: number };
}

const IDLE_RUNS = 20;

export async function measureWebhookLag(options: {
  base: string;
  bearer: string;
  spaceId: string;
  durationSeconds: number;
  invitationBody: () => string;
}): Promise<WebhookLag> {
  const lags: number[] = [];
  const ids = new Set<string>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const arrived = Date.now();
      ids.add(String(request.headers['webhook-id']));
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string };
      lags.push(arrived - Date.parse(event.timestamp));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bench`;
    const headers = { authorization: `Bearer ${options.bearer}`, 'content-type': 'application/json' };
    const subscribed = await fetch(`${options.base}/spaces/${options.spaceId}/webhooks`, { method: 'POST', headers, body: JSON.stringify({ url, events: ['invitation.created'] }) });
    if (subscribed.status !== 201) throw new Error(`webhook subscription failed: ${subscribed.status} ${await subscribed.text()}`);
    const result = await autocannon({
      url: `${options.base}/spaces/${options.spaceId}/invitations`,
      method: 'POST',
      connections: 20,
      duration: options.durationSeconds,
      headers,
      requests: [{ setupRequest: (request) => ({ ...request, body: options.invitationBody() }) }],
    });
    const created = result['2xx'];
    const loadEnded = Date.now();
    const deadline = loadEnded + 180_000;
    // autocannon counts the answers it read; requests in flight when the duration ended may have created invitations
    // too. Their deliveries belong to the load: wait until every counted one arrived and then none for 2 s.
    let lastCount = -1;
    let lastChange = Date.now();
    while (Date.now() < deadline && (lags.length < created || Date.now() - lastChange < 2_000)) {
      if (lags.length !== lastCount) [lastCount, lastChange] = [lags.length, Date.now()];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const drainSeconds = Math.round((lastChange - loadEnded) / 100) / 10;
    const loadLags = [...lags];
    const loadEvents = ids.size;
    lags.length = 0;
    for (let run = 0; run < IDLE_RUNS; run += 1) {
      const before = lags.length;
      await fetch(`${options.base}/spaces/${options.spaceId}/invitations`, { method: 'POST', headers, body: options.invitationBody() });
      const idleDeadline = Date.now() + 30_000;
      while (lags.length === before && Date.now() < idleDeadline) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const idle = { runs: lags.length, lagP50Ms: round(percentile(lags, 50)), lagP99Ms: round(percentile(lags, 99)) };
    return {
      idle,
      invitations: created,
      rps: Math.round((created / options.durationSeconds) * 10) / 10,
      deliveries: loadLags.length,
      distinctEvents: loadEvents,
      lagP50Ms: round(percentile(loadLags, 50)),
      lagP99Ms: round(percentile(loadLags, 99)),
      lagMaxMs: round(Math.max(0, ...loadLags)),
      drainSeconds,
    };
  } finally {
    server.close();
    server.closeAllConnections();
  }
}
