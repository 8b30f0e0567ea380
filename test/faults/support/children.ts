// Child processes of a fault run (Temporal dev server, workers, APIs): each in its own process group, its output
// kept for waits and copied to a log file, stopped (or signalled) as a group; none survives the test process.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { until } from './until';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface ChildHandle {
  name: string;
  pid: number | undefined;
  alive(): boolean;
  /** Resolves when `pattern` appears in the process's output (from its start). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  output(): string;
  /** Sends `signal` (SIGSTOP, SIGCONT…) to the process group without waiting for anything. */
  signal(signal: NodeJS.Signals): void;
  /** Sends `signal` to the process group; waits for the exit, SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
// If the test process dies without afterAll, take the children with it.
process.once('exit', () => {
  for (const child of live) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

export function spawnChild(name: string, command: string, args: string[], options: { env: NodeJS.ProcessEnv; logFile: string; cwd?: string }): ChildHandle {
  // Own process group (detached), so a signal reaches everything the command started.
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let output = '';
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    live.delete(child);
    // An exit nobody asked for is a finding: show why.
    if (!stopping) process.stderr.write(`\n[${name}] exited unexpectedly (${code ?? signal}); last output:\n${output.slice(-4000)}\n`);
  });
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-200_000);
    appendFileSync(options.logFile, text);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    pid: child.pid,
    alive,
    output: () => output,
    signal(signal) {
      if (alive() && child.pid) process.kill(-child.pid, signal);
    },
    async waitForOutput(pattern, timeoutMs = 60_000) {
      await until(`${name}: ${pattern}`, () => {
        if (pattern.test(output)) return true;
        if (!alive()) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}): ${output.slice(-2000)}`);
        return undefined;
      }, timeoutMs, 50);
    },
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (!alive() || !child.pid) return;
      stopping = true;
      try {
        process.kill(-child.pid, signal);
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

