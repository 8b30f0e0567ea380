// The worker: polls the task queue, runs the workflow bundle and the activities it is given (src/activities.ts
// builds them from their dependencies).
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { sealedDataConverter, type PayloadKey } from './codec';
import type { Tracing } from '../telemetry';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows.ts', import.meta.url));

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Seal what the worker sends and open what it receives: the same keys as every client. */
  payloadKeys: PayloadKey[];
  /** A pre-built bundle (tests build one per run); else the workflows are bundled at start. */
  workflowBundle?: { codePath: string };
  /** Bounds the worker's memory: thousands of invitations wait on timers, few are busy at any moment. */
  maxCachedWorkflows?: number;
  /** The activities (tests may wrap the real ones to inject faults). */
  activities: WorkerOptions['activities'];
  /** Traces, when configured: activity spans, and the workflow interceptors (bundled at start; a pre-built bundle must hold them). */
  tracing?: Tracing['worker'];
}

export function createWorker(setup: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    activities: setup.activities,
    // A task for a workflow cached by a worker that died waits this long on that worker's sticky queue before any
    // worker may take it (default 10 s): short, so an update sent then still answers within the API's deadline.
    stickyQueueScheduleToStartTimeout: '2 seconds',
    dataConverter: sealedDataConverter(setup.payloadKeys),
    ...(setup.tracing
      ? {
          interceptors: { activity: setup.tracing.activityInterceptors, ...(setup.workflowBundle ? {} : { workflowModules: setup.tracing.workflowModules }) },
          sinks: setup.tracing.sinks,
        }
      : {}),
    ...(setup.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: setup.maxCachedWorkflows } : {}),
    ...(setup.workflowBundle ? { workflowBundle: setup.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
}
