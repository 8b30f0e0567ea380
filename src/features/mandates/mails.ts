// Mails of the mandate lifecycle to a space's administrators: each in the space's procedure language, else their
// own (R42), through the outbox under a key per space and administrator, so a retried activity sends none twice.
import { spaceLanguage, type Language } from '../../domain/language';
import { findSection } from '../../domain/sections';
import { deliverMail } from '../../platform/mail/outbox';
import type { MailParams, MandateMailKind } from '../../platform/mail/templates';
import type { ActivityDependencies } from '../../platform/temporal/activity-dependencies';
import { spaceAdministrators, type SpaceRow } from '../spaces/store';

export function administratorsMailer({ db, mailer }: ActivityDependencies) {
  return async function mailAdministrators<K extends MandateMailKind>(
    key: string,
    space: SpaceRow,
    kind: K,
    params: (language: Language, sectionName: (code: string) => string) => MailParams[K],
  ): Promise<void> {
    for (const admin of await spaceAdministrators(db, space.id)) {
      if (!admin.email) continue;
      const language = spaceLanguage(space, admin.language);
      const sectionName = (code: string) => findSection(code)?.names[language] ?? code;
      await deliverMail(db, mailer, { idempotencyKey: `${key}/${space.id}/${admin.id}`, to: admin.email, kind, language, params: params(language, sectionName) });
    }
  };
}
