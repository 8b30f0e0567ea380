// `npm start` stopped the way a terminal stops it: Ctrl-C is SIGINT to the whole foreground process group (npm,
// node and, unless it is detached, the dev server). Every time: the API closes, the worker drains, the dev server
// stops last, the log says "stopped" and npm exits 0. Also once with SIGTERM to the node process alone. Traces are
// on (OTLP/protobuf to a local receiver, batches held far longer than a run): the stop sends the last spans.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startOtlpReceiver, type OtlpReceiver } from '../support';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

let dataDir: string;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let env: NodeJS.ProcessEnv;
let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
  dataDir = mkdtempSync(path.join(tmpdir(), 'spaces-stop-'));
  database = await createTestDatabase();
  env = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    NODE_ENV: 'development',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    // The SDK's own variable: no batch leaves on its timer during a run, only through the stop's flush.
    OTEL_BSP_SCHEDULE_DELAY: '600000',
  };
  delete env.TEMPORAL_ADDRESS;
  delete env.VITEST;
});
afterAll(async () => {
  await receiver?.close();
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(): Run {
  // Its own process group, like a terminal's foreground job: the group's id is npm's pid.
  const child = spawn('npm', ['start'], { cwd: process.cwd(), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exit };
}

async function until(run: Run, text: string, timeoutMs = 120_000) {
  const started = Date.now();
  while (!run.output().includes(text)) {
    if (Date.now() - started > timeoutMs) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${run.output()}`);
    if (run.child.exitCode !== null) throw new Error(`exited before "${text}":\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The log lines (JSON) by message. */
const messages = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; level: number; pid: number });

async function nodePid(run: Run): Promise<number> {
  return messages(run.output()).find((line) => line.msg.startsWith('ready'))!.pid;
}

async function devServerGone(port: string) {
  const { Connection } = await import('@temporalio/client');
  const connection = await Connection.connect({ address: `127.0.0.1:${port}`, connectTimeout: 1_000 }).catch(() => undefined);
  if (!connection) return true;
  await connection.close();
  return false;
}

describe('npm start stops cleanly', () => {
  it(
    'SIGINT to the process group, three times in a row, and SIGTERM to the process: "stopped", exit 0, dev server gone',
    async () => {
      for (const how of ['group-SIGINT', 'group-SIGINT', 'group-SIGINT', 'process-SIGTERM'] as const) {
        const run = start();
        await until(run, '"msg":"ready');
        // Some work for the worker to drain: a health call through the API.
        const health = await fetch(`http://127.0.0.1:${env.PORT}/health`);
        expect(health.status).toBe(200);
        // A traced request (probes like /health are not traced).
        expect((await fetch(`http://127.0.0.1:${env.PORT}/openapi.json`)).status).toBe(200);
        const sentBefore = receiver.bodies.length;
        if (how === 'group-SIGINT') process.kill(-run.child.pid!, 'SIGINT');
        else process.kill(await nodePid(run), 'SIGTERM');
        const exit = await run.exit;
        const lines = messages(run.output());
        expect(exit, `${how}:\n${run.output()}`).toEqual({ code: 0, signal: null });
        expect(lines.map((line) => line.msg)).toContain('shutting down');
        expect(lines.at(-1)?.msg, run.output()).toBe('stopped');
        // Nothing at error level on the way down.
        expect(lines.filter((line) => line.level >= 50), run.output()).toEqual([]);
        expect(await devServerGone(env.TEMPORAL_PORT!)).toBe(true);
        // The request's span left in the stop's flush (protobuf: the span name's bytes are in the body).
        expect(receiver.bodies.slice(sentBefore).some((body) => body.includes('GET /openapi.json')), `${how}: no span of GET /openapi.json sent`).toBe(true);
      }
    },
    480_000,
  );
});
