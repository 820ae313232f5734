/**
 * The shapes of the API answers the app reads: the outputs of the API contract's own schemas
 * (shared/http/contract/), so the app's types cannot drift from what the API answers, and the tests' gateway
 * checks every real answer against the same schemas. Type-only imports: nothing of zod reaches the bundle.
 */
import type * as z from 'zod/mini';
import type { peopleResponse } from '../../shared/http/contract/people.js';
import type { policyViewResponse } from '../../shared/http/contract/policy.js';
import type {
  exportSummarySchema,
  publicInstrumentSchema,
  schoolRefSchema,
  warningSchema,
} from '../../shared/http/contract/records.js';
import type {
  boardYearResponse,
  consentSavedResponse,
  consentViewResponse,
  deliveryResponse,
  meResponse,
  schoolYearResponse,
  uploadResponse,
} from '../../shared/http/contract/responses.js';
import type { Membership } from '../../shared/people/membership.js';

export type { Administration, Consent, Role, SchoolState } from '../../shared/model.js';

export type SchoolRef = z.output<typeof schoolRefSchema>;

/** `GET /me`. */
export type Me = z.output<typeof meResponse>;

export type Warning = z.output<typeof warningSchema>;

export type ExportSummary = z.output<typeof exportSummarySchema>;

/** `GET /schools/{id}/years/{year}`. */
export type SchoolYearOverview = z.output<typeof schoolYearResponse>;

/** `GET …/consent`. */
export type ConsentView = z.output<typeof consentViewResponse>;

/** `PUT …/consent`. */
export type ConsentSaved = z.output<typeof consentSavedResponse>;

/** `GET …/delivery`. */
export type DeliveryView = z.output<typeof deliveryResponse>;

/** `GET /boards/{id}/years/{year}`. */
export type BoardOverview = z.output<typeof boardYearResponse>;

/** `POST …/exports`' 200 and 201. */
export type UploadAnswer = z.output<typeof uploadResponse>;

/** One of `GET /instruments`. */
export type Instrument = z.output<typeof publicInstrumentSchema>;

/** `GET` and `PUT /schools/{id}/policy`. */
export type PolicyView = z.output<typeof policyViewResponse>;

/** `GET /boards/{id}/people`. */
export type PeopleList = z.output<typeof peopleResponse>;

export type BoardPerson = PeopleList['people'][number];

export type OpenInvitation = PeopleList['invitations'][number];

/** `POST /boards/{id}/invitations`' 201. */
export interface InvitationSent {
  invitation: {
    invitationId: string;
    email: string;
    name: string;
    membership: Membership;
    expiresAt: string;
  };
  mail: 'sent' | 'failed';
}

/** `POST /invitations/accept`. */
export interface InvitationAccepted {
  membership: Membership;
  boardName: string;
}

export type JoinRequest = PeopleList['joinRequests'][number];

export type MailRecipients = PeopleList['mailRecipients'];

/** `PUT /boards/{id}/mail-recipients`. */
export interface MailRecipientsSaved {
  boardId: string;
  subs: string[];
  emails: string[];
  fallback: boolean;
}

/** `POST /join-requests` (201, or 200 when asked before). */
export interface JoinRequested {
  boardName: string;
  schoolId: string;
  schoolName: string;
  requestedAt: string;
  mail: 'sent' | 'failed';
}

/** `PUT /boards/{id}/join-requests/{sub}`. */
export interface JoinDecided {
  sub: string;
  approved: boolean;
  membership: Membership | null;
  mail: 'sent' | 'failed';
}
