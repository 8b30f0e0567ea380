// Bundled into the workflows when tracing is on (never otherwise): the SDK's OpenTelemetry workflow interceptors,
// which run the workflow, its updates and signals in spans continuing the caller's trace, and put the context in
// the headers of the activities it schedules (local ones too). They record no argument or result; their spans
// leave the isolate through the `exporter` sink (./otel.ts). Determinism: they issue no command, and their
// yields are gated by SDK flags, so histories recorded without them replay with them (test/platform/replay.test.ts).
export { interceptors } from '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors';
