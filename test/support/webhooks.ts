// A real HTTP receiver of webhooks for tests: a node:http server that verifies every request with the
// `standardwebhooks` library (a verifier the service shares no code with) against the secret of the path's
// endpoint, and answers each path's scripted statuses (then 200).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  path: string;
  id: string;
  timestamp: string;
  body: string;
  /** The parsed body, as `standardwebhooks` verified it; undefined when the signature did not verify. */
  event: { id: string; type: string; timestamp: string; spaceId: string; data: Record<string, string> } | undefined;
  verificationError?: string;
  answeredWith: number;
}

export interface WebhookReceiver {
  url(path: string): string;
  /** The secret a path verifies with (the endpoint's, as its 201 or rotate-secret answered). */
  expect(path: string, secret: string, statuses?: number[]): void;
  received: ReceivedWebhook[];
  at(path: string): ReceivedWebhook[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(host = '127.0.0.1'): Promise<WebhookReceiver> {
  const secrets = new Map<string, string>();
  const scripts = new Map<string, number[]>();
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = { 'webhook-id': String(request.headers['webhook-id'] ?? ''), 'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''), 'webhook-signature': String(request.headers['webhook-signature'] ?? '') };
      let event: ReceivedWebhook['event'];
      let verificationError: string | undefined;
      try {
        event = new Webhook(secrets.get(path) ?? 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').verify(body, headers) as ReceivedWebhook['event'];
      } catch (error) {
        verificationError = (error as Error).message;
      }
      const status = scripts.get(path)?.shift() ?? 200;
      received.push({ path, id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], body, event, ...(verificationError ? { verificationError } : {}), answeredWith: status });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://${host}:${port}${path}`,
    expect(path, secret, statuses = []) {
      secrets.set(path, secret);
      scripts.set(path, [...statuses]);
    },
    received,
    at: (path) => received.filter((each) => each.path === path),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
