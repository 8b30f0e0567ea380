// The queryable record of the domain. Workflows own the lifecycles; activities keep these tables in step.
import { certificates, companyRegister, invitations, memberships, persons, spaceEvents, spaces } from './spaces';
import { idempotencyKeys, mailOutbox, rateLimitEvents } from './operations';
import { administratorClaims, claimAttempts } from './claims';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from './webhooks';
import { activationAttempts, activationCodes, certificationDocuments, certificationRequests, delegations, letters, mandates, procedures, spaceCertifications } from './processes';

export * from './spaces';
export * from './operations';
export * from './processes';
export * from './claims';
export * from './webhooks';

export const schema = { procedures, persons, certificates, spaces, memberships, invitations, spaceEvents, mailOutbox, certificationRequests, certificationDocuments, spaceCertifications, mandates, letters, activationCodes, delegations, activationAttempts, companyRegister, idempotencyKeys, rateLimitEvents, administratorClaims, claimAttempts, webhookEndpoints, webhookEvents, webhookDeliveries };
