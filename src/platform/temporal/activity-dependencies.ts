// What every activity factory receives: the side-effect resources, built once by the process that runs the worker.
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { Mailer } from '../mail/mailer';

export interface ActivityDependencies {
  db: Database;
  mailer: Mailer;
  /** Where invitees log in (R4) and where the portal is. */
  links: { loginPortalUrl: string; appUrl: string };
  /** Postal letters of activation codes (API.md): outbox folder and the HMAC key of the codes. */
  postal: { outboxDir: string; codeSecret: string | undefined };
  /** Webhook deliveries (API.md "Webhooks"): production's target rule and the failing period that disables an endpoint. */
  webhooks: { publicTargetsOnly: boolean; disableAfterMs: number };
}

/** The dependencies as configured: one place that maps configuration to what activities need. */
export function activityDependencies(config: Config, db: Database, mailer: Mailer): ActivityDependencies {
  return {
    db,
    mailer,
    links: { loginPortalUrl: config.loginPortalUrl, appUrl: config.publicUrl },
    postal: { outboxDir: config.postOutboxDir, codeSecret: config.activationCodeSecret },
    webhooks: { publicTargetsOnly: config.webhooks.publicTargetsOnly, disableAfterMs: config.webhooks.disableAfterMs },
  };
}
