// What a request carries through the middleware chain of the HTTP app.
import type { Logger } from 'pino';
import type { AppDependencies, Caller, PersonRow, Requester } from '../requester';

export interface AppEnv {
  Variables: {
    deps: AppDependencies;
    log: Logger;
    requestId: string;
    /** When the caller gets its answer at the latest (epoch ms): arrival + ANSWER_DEADLINE_MS. */
    answerBy: number;
    caller?: Caller;
    person?: PersonRow;
    /** The use-cases' view of this request, made once the caller is known (requesterOf). */
    requester?: Requester;
  };
}
