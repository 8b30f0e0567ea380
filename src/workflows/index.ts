// The workflow bundle: every workflow type the worker runs.
export { invitationWorkflow } from './invitation';
export { certificationWorkflow } from './certification';
export { procedureNotificationWorkflow } from './procedure-notification';
export { mandateWorkflow } from './mandate';
