// A PostgreSQL cluster of a fault run's own (initdb in a temp dir, so stopping it never disturbs the machine's
// server), started and stopped with pg_ctl as the postgres OS user when the tests run as root.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../src/platform/net';

function run(command: string, args: string[], timeoutMs = 60_000): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

// ——— PostgreSQL: a cluster of our own ———

export interface PgCluster {
  dir: string;
  url: string;
  port: number;
  isRunning(): boolean;
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: open connections are terminated, the server refuses new ones. */
  stop(): Promise<void>;
  destroy(): void;
}

export async function startPgCluster(): Promise<PgCluster> {
  const versions = readdirSorted('/usr/lib/postgresql');
  if (versions.length === 0) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql: the fault tests need initdb and pg_ctl');
  const bin = path.join('/usr/lib/postgresql', versions[versions.length - 1]!, 'bin');
  const dir = mkdtempSync(path.join(tmpdir(), 'spaces-faults-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  // initdb and pg_ctl refuse to run as root: run them as the postgres OS user, in a directory it owns.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const pgRun = (tool: string, args: string[], timeoutMs?: number) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], timeoutMs) : run(path.join(bin, tool), args, timeoutMs);
  const port = await freePort();
  await pgRun('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  let running = false;
  const cluster: PgCluster = {
    dir,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    isRunning: () => running,
    async start() {
      await pgRun('pg_ctl', ['-D', dataDir, '-o', options, '-l', logFile, '-w', '-t', '30', 'start']);
      running = true;
    },
    async stop() {
      await pgRun('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
      running = false;
    },
    destroy() {
      if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
        try {
          const args = ['-D', dataDir, '-m', 'immediate', '-w', '-t', '10', 'stop'];
          if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...args], { stdio: 'ignore' });
          else execFileSync(path.join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
        } catch {
          // Last resort: the postmaster's pid from its lock file.
          try {
            const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
            if (pid > 0) process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

function readdirSorted(dir: string): string[] {
  try {
    return readdirSync(dir).sort((a, b) => Number(a) - Number(b));
  } catch {
    return [];
  }
}

