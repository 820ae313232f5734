/**
 * A board's people: `GET /boards/{boardId}/people`, `POST /boards/{boardId}/invitations`,
 * `DELETE /boards/{boardId}/invitations/{invitationId}`, `PUT|DELETE /boards/{boardId}/people/{sub}` — for the
 * board's user administrators (and the operator's admin token) — and `POST /invitations/accept` for the person
 * an invitation is for. The rules are shared/people/people-service.ts's; this is the HTTP edge.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import '../../shared/zod-locale.js';
import * as z from 'zod/mini';
import { mayManagePeople } from '../../shared/auth/access.js';
import type { Clock } from '../../shared/clock.js';
import type { Config } from '../../shared/config.js';
import { AppError, forbidden } from '../../shared/errors.js';
import { boardIdSchema } from '../../shared/ids.js';
import type { Board, Principal } from '../../shared/model.js';
import {
  acceptInvitation,
  invitePerson,
  withdrawInvitation,
} from '../../shared/people/invitation-service.js';
import { decideJoin, requestToJoin } from '../../shared/people/join-service.js';
import { type PeopleDeps, peopleActorOf } from '../../shared/people/people-common.js';
import {
  listPeople,
  removePerson,
  setMailRecipients,
  setMemberships,
} from '../../shared/people/people-service.js';
import {
  acceptInvitationRequestSchema,
  invitationRequestSchema,
  joinDecisionSchema,
  mailRecipientsRequestSchema,
  membershipRequestSchema,
} from '../../shared/people/requests.js';
import type { Mailer, UserDirectory } from '../../shared/ports.js';
import type { StoreReads } from '../../shared/store/stores.js';
import { apiHandler } from '../lib/api-handler.js';
import { parseJsonBody } from '../lib/body.js';
import { type ApiEvent, json, parsePath, principalOf } from '../lib/http.js';
import type { FunctionMetrics } from '../lib/metrics.js';
import { serviceLog } from '../lib/service-log.js';

export interface PeopleHandlerDeps {
  config: Pick<Config, 'appUrl'>;
  logger: Logger;
  clock: Clock;
  store: PeopleDeps['store'] & Pick<StoreReads, 'boards'>;
  userDirectory: UserDirectory;
  mailer: Mailer;
  /** Given by the wiring (needs.ts declares them); a direct call (tests) may leave it out. */
  metrics?: FunctionMetrics<'MailsFailed'>;
}

const boardPath = z.object({ boardId: boardIdSchema });
const personPath = z.object({
  boardId: boardIdSchema,
  sub: z.string().check(z.regex(/^[\w-]{1,128}$/, { message: 'must be a person’s id' })),
});
const invitationPath = z.object({
  boardId: boardIdSchema,
  invitationId: z.string().check(z.regex(/^[0-9a-f]{12}$/, { message: 'must be an invitation id' })),
});

export const createPeopleHandler = (deps: PeopleHandlerDeps) => {
  const service: PeopleDeps = {
    store: deps.store,
    directory: deps.userDirectory,
    mailer: deps.mailer,
    clock: deps.clock,
    log: serviceLog(deps.logger),
    appUrl: deps.config.appUrl,
  };

  /** The board a user administrator (or the operator) manages; another board is a 403 whether it exists or not. */
  const managedBoard = async (principal: Principal, boardId: string): Promise<Board> => {
    if (!mayManagePeople(principal, boardId)) throw forbidden();
    const board = await deps.store.boards.get(boardId);
    if (!board) throw new AppError(404, 'board_not_found', `Board ${boardId} is not registered with msv`);
    return board;
  };

  const routes: Record<string, (event: ApiEvent, principal: Principal) => Promise<ReturnType<typeof json>>> =
    {
      'GET /boards/{boardId}/people': async (event, principal) => {
        const board = await managedBoard(principal, parsePath(event, boardPath).boardId);
        return json(200, { boardId: board.boardId, ...(await listPeople(service, board)) });
      },
      'POST /boards/{boardId}/invitations': async (event, principal) => {
        const board = await managedBoard(principal, parsePath(event, boardPath).boardId);
        const request = parseJsonBody(event, invitationRequestSchema);
        const out = await invitePerson(service, { board, actor: peopleActorOf(principal), request });
        if (out.mail === 'failed') deps.metrics?.count('MailsFailed');
        deps.logger.info('person invited', {
          boardId: board.boardId,
          invitationId: out.invitation.invitationId,
        });
        return json(201, out);
      },
      'DELETE /boards/{boardId}/invitations/{invitationId}': async (event, principal) => {
        const { boardId, invitationId } = parsePath(event, invitationPath);
        const board = await managedBoard(principal, boardId);
        await withdrawInvitation(service, { board, actor: peopleActorOf(principal), invitationId });
        return json(200, { invitationId, withdrawn: true });
      },
      'PUT /boards/{boardId}/people/{sub}': async (event, principal) => {
        const { boardId, sub } = parsePath(event, personPath);
        const board = await managedBoard(principal, boardId);
        const request = parseJsonBody(event, membershipRequestSchema);
        return json(
          200,
          await setMemberships(service, { board, actor: peopleActorOf(principal), sub, request }),
        );
      },
      'DELETE /boards/{boardId}/people/{sub}': async (event, principal) => {
        const { boardId, sub } = parsePath(event, personPath);
        const board = await managedBoard(principal, boardId);
        await removePerson(service, { board, actor: peopleActorOf(principal), sub });
        deps.logger.info('person removed', { boardId });
        return json(200, { sub, removed: true });
      },
      'PUT /boards/{boardId}/mail-recipients': async (event, principal) => {
        const board = await managedBoard(principal, parsePath(event, boardPath).boardId);
        const { subs } = parseJsonBody(event, mailRecipientsRequestSchema);
        const recipients = await setMailRecipients(service, { board, actor: peopleActorOf(principal), subs });
        return json(200, { boardId: board.boardId, subs: [...new Set(subs)], ...recipients });
      },
      'PUT /boards/{boardId}/join-requests/{sub}': async (event, principal) => {
        const { boardId, sub } = parsePath(event, personPath);
        const board = await managedBoard(principal, boardId);
        const body = parseJsonBody(event, joinDecisionSchema);
        const decision = body.decision === 'approve' ? { approve: body.role } : { refuse: true as const };
        return json(
          200,
          await decideJoin(service, { board, actor: peopleActorOf(principal), sub, decision }),
        );
      },
      'POST /join-requests': async (_event, principal) => {
        if (principal.role !== 'person') {
          throw new AppError(403, 'forbidden', 'Only a person who signed in asks to join.', {
            messageNl: 'Log in om toegang te vragen.',
          });
        }
        const out = await requestToJoin(service, { person: principal });
        return json(out.created ? 201 : 200, {
          boardName: out.boardName,
          schoolId: out.request.schoolId,
          schoolName: out.schoolName,
          requestedAt: out.request.requestedAt,
          mail: out.mail,
        });
      },
      'POST /invitations/accept': async (event, principal) => {
        if (principal.role !== 'person') {
          throw new AppError(403, 'forbidden', 'Only a person who signed in accepts an invitation.', {
            messageNl: 'Log in om de uitnodiging te accepteren.',
          });
        }
        const { secret } = parseJsonBody(event, acceptInvitationRequestSchema);
        return json(200, await acceptInvitation(service, { person: principal, secret }));
      },
    };

  return apiHandler(deps, async (event) => {
    const principal = principalOf(event);
    const route = Object.hasOwn(routes, event.routeKey) ? routes[event.routeKey] : undefined;
    // Only the routes of shared/http/routes.ts reach this function; anything else is a misrouting.
    if (!route) throw new AppError(404, 'not_found', 'No such route');
    return route(event, principal);
  });
};
