// The workflow bundle: every workflow type the worker runs.
export { invitationWorkflow } from './features/invitations/workflow';
export { certificationWorkflow } from './features/certification/workflow';
export { procedureNotificationWorkflow } from './features/procedures/workflow';
export { mandateWorkflow } from './features/mandates/workflow';
export { memberRemovedWorkflow } from './features/members/workflow';
export { administratorClaimWorkflow } from './features/claims/workflow';
export { webhookDeliveryWorkflow } from './features/webhooks/workflow';
