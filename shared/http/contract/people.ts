/**
 * The contract of a board's people routes (functions/people): who the board's people are, invitations, role
 * changes and removals, for the board's user administrators; accepting an invitation, for the invited person.
 */
import '../../zod-locale.js';
import * as z from 'zod/mini';
import { boardIdSchema } from '../../ids.js';
import { membershipSchema } from '../../people/membership.js';
import {
  acceptInvitationRequestSchema,
  invitationRequestSchema,
  joinDecisionSchema,
  mailRecipientsRequestSchema,
  membershipRequestSchema,
} from '../../people/requests.js';
import {
  apiError,
  authResponses,
  commonResponses,
  details,
  forbiddenResponse,
  gatewayError,
} from './errors.js';
import { described, timestamp } from './records.js';
import type { ResponseContract, RouteContract } from './types.js';

const boardPath = z.object({
  boardId: described(boardIdSchema, 'the board’s (bevoegd gezag’s) number: five digits'),
});
const personPath = z.object({
  boardId: boardPath.shape.boardId,
  sub: described(z.string(), 'the person’s id in the user pool (`sub`)'),
});
const invitationPath = z.object({
  boardId: boardPath.shape.boardId,
  invitationId: described(z.string(), 'the invitation’s public id: 12 hex characters'),
});

const json = (description: string, schema: z.ZodMiniType): ResponseContract => ({
  description,
  json: schema,
});

const invitationView = z.object({
  invitationId: z.string(),
  email: z.string(),
  name: z.string(),
  membership: membershipSchema,
  expiresAt: timestamp,
});

const recipientsView = z.object({
  emails: described(z.array(z.string()), 'where the board’s mails go now'),
  fallback: described(
    z.boolean(),
    'true: the addresses the operator registered, as nobody was chosen (or is left)',
  ),
});

export const peopleResponse = z.object({
  boardId: boardIdSchema,
  mailRecipients: z.object({ subs: z.array(z.string()), ...recipientsView.shape }),
  joinRequests: described(
    z.array(
      z.object({
        sub: z.string(),
        email: z.string(),
        name: z.string(),
        schoolId: z.string(),
        requestedAt: timestamp,
      }),
    ),
    'people who signed in through a school of the board without a role there, asking for one',
  ),
  people: z.array(
    z.object({
      sub: z.string(),
      email: z.string(),
      name: z.string(),
      memberships: z.array(membershipSchema),
    }),
  ),
  invitations: z.array(
    z.object({
      ...invitationView.shape,
      invitedByName: z.string(),
      createdAt: timestamp,
    }),
  ),
});

const joinAnswer = z.object({
  boardName: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  requestedAt: timestamp,
  mail: z.enum(['sent', 'failed']),
});

const managerForbidden = forbiddenResponse(
  'The token is unknown or revoked (API Gateway’s `Forbidden`), or `forbidden`: not a gebruikersbeheerder of this board (the same answer whether the board exists or not).',
);
const boardNotFound = json(
  '`board_not_found`: the operator named a board msv does not know.',
  apiError(['board_not_found']),
);
const badBoardPath = (codes: readonly string[] = []) =>
  json(
    `\`invalid_board_id\`${codes.map((c) => `, \`${c}\``).join('')}: a malformed path parameter, or \`invalid_json\`.`,
    apiError(['invalid_board_id', 'invalid_json', ...codes] as [string, ...string[]]),
  );
const notJson = json(
  '`unsupported_media_type`: the body is not sent as `application/json`.',
  apiError(['unsupported_media_type'], details.contentType),
);
const invalidBody = (codes: readonly string[] = []) =>
  json(
    `\`invalid_request\` with every bad field in \`errors\`${codes.map((c) => `; \`${c}\``).join('')}.`,
    apiError(['invalid_request', ...codes] as [string, ...string[]], details.fieldIssues),
  );

/** 403 of a route where acting on oneself is refused too. */
const ownForbidden = (what: string) =>
  json(
    `${managerForbidden.description} \`own_membership\`: ${what}.`,
    z.union([apiError(['forbidden', 'own_membership']), gatewayError]),
  );
const personNotFound = json(
  '`person_not_found`: the person has no role at this board; `board_not_found`.',
  apiError(['person_not_found', 'board_not_found']),
);
const lastAdministrator = json(
  '`last_administrator`: the board must keep a gebruikersbeheerder.',
  apiError(['last_administrator']),
);
const tooLarge: ResponseContract = {
  description: 'Over API Gateway’s payload limit (its own answer).',
  json: gatewayError,
};

/** What every route of a board's people answers besides its own statuses. */
const managed = (
  responses: Record<number, ResponseContract>,
): Readonly<Record<number, ResponseContract>> => ({
  400: badBoardPath(),
  ...authResponses,
  403: managerForbidden,
  404: boardNotFound,
  ...commonResponses,
  ...responses,
});

export const peopleContracts = {
  ListPeople: {
    summary: 'The board’s people with their roles, and the open invitations',
    tag: 'people',
    path: boardPath,
    responses: managed({ 200: json('The board’s people.', peopleResponse) }),
  },
  InvitePerson: {
    summary: 'Invite a person by email to the board or one of its schools, with a role',
    description:
      'Makes the address able to sign in (a user pool account with that verified email), stores the invitation and mails its link, which works once, for that address, for 7 days.',
    tag: 'people',
    path: boardPath,
    body: { description: 'Who, and as what.', json: invitationRequestSchema },
    responses: managed({
      201: json(
        'Invited; `mail` says whether the invitation mail went out.',
        z.object({ invitation: invitationView, mail: z.enum(['sent', 'failed']) }),
      ),
      403: ownForbidden('the address is your own'),
      409: json(
        '`already_member`: the person has a role there (change it instead; `sub`); `already_invited`: an open invitation exists.',
        apiError(['already_member', 'already_invited'], { sub: z.optional(z.string()) }),
      ),
      413: tooLarge,
      415: notJson,
      422: invalidBody(['unknown_school']),
    }),
  },
  WithdrawInvitation: {
    summary: 'Withdraw an open invitation',
    tag: 'people',
    path: invitationPath,
    responses: managed({
      200: json(
        'Withdrawn: its link no longer works.',
        z.object({ invitationId: z.string(), withdrawn: z.literal(true) }),
      ),
      400: badBoardPath(['invalid_invitation_id']),
      404: json(
        '`invitation_not_found`: no open invitation of this board with that id; `board_not_found`.',
        apiError(['invitation_not_found', 'board_not_found']),
      ),
    }),
  },
  SetMembership: {
    summary: 'Set all roles of a person of the board, at the board and its schools (the ones not listed end)',
    tag: 'people',
    path: personPath,
    body: { description: 'The role, and for a school role the school.', json: membershipRequestSchema },
    responses: managed({
      200: json(
        'Set: these are all their roles at the board now.',
        z.object({ sub: z.string(), memberships: z.array(membershipSchema) }),
      ),
      400: badBoardPath(['invalid_sub']),
      403: ownForbidden('nobody changes their own role'),
      404: personNotFound,
      409: lastAdministrator,
      413: tooLarge,
      415: notJson,
      422: invalidBody(['unknown_school']),
    }),
  },
  RemovePerson: {
    summary: 'Remove a person from the board and all its schools (refused from their next request on)',
    tag: 'people',
    path: personPath,
    responses: managed({
      200: json('Removed.', z.object({ sub: z.string(), removed: z.literal(true) })),
      400: badBoardPath(['invalid_sub']),
      403: ownForbidden('nobody removes themselves'),
      404: personNotFound,
      409: lastAdministrator,
    }),
  },
  SetMailRecipients: {
    summary: 'Choose who of the board’s people receive its mails (none: the operator’s addresses)',
    tag: 'people',
    path: boardPath,
    body: {
      description: 'The people, by `sub`: people with a role at the board itself.',
      json: mailRecipientsRequestSchema,
    },
    responses: managed({
      200: json(
        'Chosen.',
        z.object({ boardId: boardIdSchema, subs: z.array(z.string()), ...recipientsView.shape }),
      ),
      413: tooLarge,
      415: notJson,
      422: json(
        '`invalid_request` with every bad field in `errors`; `not_a_board_person`: `subs` lists who has no role at the board itself.',
        apiError(['invalid_request', 'not_a_board_person'], {
          ...details.fieldIssues,
          subs: z.optional(z.array(z.string())),
        }),
      ),
    }),
  },
  DecideJoinRequest: {
    summary: 'Approve a join request with a school role, or refuse it',
    tag: 'people',
    path: personPath,
    body: { description: 'The answer.', json: joinDecisionSchema },
    responses: managed({
      200: json(
        'Decided; the person is mailed (`mail`).',
        z.object({
          sub: z.string(),
          approved: z.boolean(),
          membership: z.nullable(membershipSchema),
          mail: z.enum(['sent', 'failed']),
        }),
      ),
      400: badBoardPath(['invalid_sub']),
      403: ownForbidden('nobody decides their own request'),
      404: json(
        '`join_request_not_found`: no open request of this person at this board; `board_not_found`.',
        apiError(['join_request_not_found', 'board_not_found']),
      ),
      413: tooLarge,
      415: notJson,
      422: invalidBody(),
    }),
  },
  RequestToJoin: {
    summary: 'Ask the board of the school your federated sign-in names for a role there',
    tag: 'people',
    responses: {
      200: json('Asked before and still open: nothing changed.', joinAnswer),
      201: json('Asked; the board’s people are mailed (`mail`).', joinAnswer),
      ...authResponses,
      403: json(
        'The token is unknown or revoked (API Gateway’s `Forbidden`), or `forbidden`: not a person’s sign-in.',
        z.union([apiError(['forbidden']), gatewayError]),
      ),
      404: json(
        '`no_home_school`: the sign-in names no school registered with msv.',
        apiError(['no_home_school']),
      ),
      409: json('`already_member`: you have a role at that school.', apiError(['already_member'])),
      ...commonResponses,
    },
  },
  AcceptInvitation: {
    summary: 'Accept an invitation (the secret from its link), signed in with the invited address',
    tag: 'people',
    body: {
      description: 'The secret from the link (`#/uitnodiging/{secret}`).',
      json: acceptInvitationRequestSchema,
    },
    responses: {
      200: json(
        'Accepted: the membership holds from the next request on.',
        z.object({ membership: membershipSchema, boardName: z.string() }),
      ),
      400: json('`invalid_json`: the body is not JSON.', apiError(['invalid_json'])),
      ...authResponses,
      403: json(
        'The token is unknown or revoked (API Gateway’s `Forbidden`), `forbidden`: not a person’s sign-in, `invitation_other_address`: the invitation is for another address, or `own_membership`: an invitation one sent oneself.',
        z.union([apiError(['forbidden', 'invitation_other_address', 'own_membership']), gatewayError]),
      ),
      404: json(
        '`invitation_not_found`: no such invitation (or withdrawn).',
        apiError(['invitation_not_found']),
      ),
      409: json('`invitation_used`: accepted before.', apiError(['invitation_used'])),
      410: json('`invitation_expired`: ask the board for a new one.', apiError(['invitation_expired'])),
      413: tooLarge,
      415: notJson,
      422: invalidBody(),
      ...commonResponses,
    },
  },
} as const satisfies Record<string, RouteContract>;
