// The workflow bundle: every workflow type the worker runs.
export { invitationWorkflow } from './invitation';
