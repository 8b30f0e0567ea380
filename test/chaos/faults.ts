// The chaos run's faults, one after another on a seeded schedule while the load runs: a worker killed with SIGKILL
// (and started again), the second API process killed likewise, a worker paused (SIGSTOP … SIGCONT), the Temporal dev
// server restarted on its state file, Postgres restarted, the SMTP server refusing every mail for a while, and the
// TCP proxy before Postgres slow or resetting every connection. Each kind comes once per shuffled round, so a short
// run sees every kind. A killed process starts again in the background (a worker bundles its workflows first, which
// takes seconds) while the next faults go on. `heal()` brings every part back, whatever was under way.
import type { FaultCluster } from '../faults/support/cluster';
import type { Random } from './prng';

export type FaultKind = 'worker-kill' | 'api-kill' | 'worker-pause' | 'temporal-restart' | 'postgres-restart' | 'smtp-down' | 'db-latency' | 'db-reset';
export const FAULT_KINDS: FaultKind[] = ['worker-kill', 'api-kill', 'worker-pause', 'temporal-restart', 'postgres-restart', 'smtp-down', 'db-latency', 'db-reset'];

export interface FaultLog {
  /** Faults injected per kind. */
  injected: Record<FaultKind, number>;
  /**
   * When each killed worker was dead (Date.now()): a copy of a message (same Message-ID) is excused only when one of
   * these falls between its two receptions (SMTP and the database cannot commit together).
   */
  killMarks: number[];
  /** One line per fault, for a failing run's report. */
  timeline: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createFaults(c: FaultCluster, random: Random) {
  const log: FaultLog = { injected: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>, killMarks: [], timeline: [] };
  const startedAt = Date.now();
  /** Seconds since the faults began, as the timeline writes them. */
  const at = (time: number) => `${((time - startedAt) / 1000).toFixed(1)} s`;
  const note = (line: string) => log.timeline.push(`${at(Date.now())} ${line}`);
  const workers = () => [
    { handle: c.worker, restart: () => c.startWorker() },
    { handle: c.secondWorker!, restart: () => c.startSecondWorker() },
  ];
  let paused: FaultCluster['worker'] | undefined;
  /** Processes starting again after a kill, by name. */
  const restarting = new Map<string, Promise<void>>();
  const restartLater = (name: string, restart: () => Promise<void>) => {
    const done = sleep(random.int(200, 1_500))
      .then(restart)
      .then(() => {
        note(`${name} restarted`);
      })
      .finally(() => restarting.delete(name));
    restarting.set(name, done);
  };
  const ready = (handle: { name: string; alive(): boolean }) => handle.alive() && !restarting.has(handle.name);

  /** Runs one fault to its end (the part is back, or the setting undone); false when it could not apply now. */
  async function inject(kind: FaultKind): Promise<boolean> {
    switch (kind) {
      case 'worker-kill': {
        // One worker always survives the kill, so that the run measures take-over rather than a full outage.
        const live = workers().filter((worker) => ready(worker.handle));
        if (live.length < 2) return false;
        const victim = random.pick(live);
        note(`SIGKILL ${victim.handle.name}`);
        await victim.handle.stop('SIGKILL');
        // Marked once it is dead: a send it finished while dying counts as before the kill.
        log.killMarks.push(Date.now());
        restartLater(victim.handle.name, victim.restart);
        return true;
      }
      case 'api-kill': {
        if (!ready(c.secondApi!)) return false;
        note('SIGKILL api-2');
        await c.secondApi!.stop('SIGKILL');
        restartLater('api-2', () => c.startSecondApi());
        return true;
      }
      case 'worker-pause': {
        const victim = random.pick(workers().filter((worker) => ready(worker.handle)));
        if (!victim) return false;
        paused = victim.handle;
        const ms = random.int(1_000, 3_000);
        note(`SIGSTOP ${victim.handle.name} for ${ms} ms`);
        victim.handle.signal('SIGSTOP');
        await sleep(ms);
        victim.handle.signal('SIGCONT');
        paused = undefined;
        return true;
      }
      case 'temporal-restart': {
        note('dev server stopped');
        await c.temporal.stop('SIGTERM', 10_000);
        await sleep(random.int(300, 1_500));
        await c.startTemporal();
        note('dev server restarted on its state file');
        return true;
      }
      case 'postgres-restart': {
        note('Postgres stopped');
        try {
          await c.pg.stop();
          await sleep(random.int(500, 2_000));
        } finally {
          await c.pg.start();
        }
        note('Postgres started');
        return true;
      }
      case 'smtp-down': {
        const ms = random.int(1_500, 4_000);
        note(`SMTP refusing every mail for ${ms} ms`);
        c.smtp.setAccepting(false);
        await sleep(ms);
        c.smtp.setAccepting(true);
        return true;
      }
      case 'db-latency': {
        const latency = random.int(20, 120);
        const ms = random.int(1_500, 4_000);
        note(`database latency ${latency} ms for ${ms} ms`);
        c.pgProxy!.setLatency(latency);
        await sleep(ms);
        c.pgProxy!.setLatency(0);
        return true;
      }
      case 'db-reset': {
        const rounds = random.int(1, 3);
        for (let round = 0; round < rounds; round += 1) {
          note(`reset ${c.pgProxy!.resetAll()} database connections`);
          await sleep(random.int(100, 800));
        }
        return true;
      }
    }
  }

  return {
    log,
    at,
    /** Faults until `running()` turns false, with 0.3–1.5 s between them. */
    async run(running: () => boolean, durationMs: number) {
      // A worker killed during an activity leaves it to its start-to-close timeout (up to a minute for the mandate's)
      // before another worker retries it: kills strike while that can still run out close to the load's end, and
      // the first round begins with one, so a short run stays short and still kills.
      const killsUntil = Date.now() + Math.max(durationMs / 2, durationMs - 60_000);
      const first = random.shuffle(FAULT_KINDS.filter((kind) => kind !== 'worker-kill'));
      let deck: FaultKind[] = [...first.slice(0, 1), 'worker-kill', ...first.slice(1)];
      while (running()) {
        await sleep(random.int(300, 1_500));
        if (!running()) break;
        if (deck.length === 0) deck = random.shuffle(FAULT_KINDS);
        const kind = deck.shift()!;
        if (kind === 'worker-kill' && Date.now() > killsUntil) continue;
        if (await inject(kind)) log.injected[kind] += 1;
        else deck.push(kind);
      }
    },
    /** Every part up and every setting undone (after the load, or after a failure midway). */
    async heal() {
      paused?.signal('SIGCONT');
      await Promise.allSettled([...restarting.values()]);
      c.smtp.setAccepting(true);
      c.pgProxy?.setLatency(0);
      if (!c.pg.isRunning()) await c.pg.start();
      if (!c.temporal.alive()) await c.startTemporal();
      await Promise.all([
        c.worker.alive() ? undefined : c.startWorker(),
        c.secondWorker?.alive() ? undefined : c.startSecondWorker(),
        c.api.alive() ? undefined : c.startApi(),
        c.secondApi?.alive() ? undefined : c.startSecondApi(),
      ]);
    },
  };
}
