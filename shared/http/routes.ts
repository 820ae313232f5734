/**
 * The one route table. The CDK HTTP API and the local gateway both build their routes from it, so a route
 * cannot exist in one and not the other. `fn` names the folder under functions/ whose index.ts exports `handler`;
 * `contract` is what the route takes and answers (shared/http/contract/), from which the OpenAPI document is made.
 */
import { contracts, type RouteContract } from './contract/index.js';

export interface RouteSpec {
  /** Stable identifier, also the CDK construct id of the route. */
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path syntax: `{param}` segments. */
  readonly path: string;
  readonly fn: string;
  /** Whether the Lambda authorizer guards the route (everything except the health check and the document). */
  readonly auth: boolean;
  readonly contract: RouteContract;
}

export const routes = [
  { id: 'Health', method: 'GET', path: '/health', fn: 'health', auth: false, contract: contracts.Health },
  {
    id: 'OpenApi',
    method: 'GET',
    path: '/openapi.json',
    fn: 'openapi',
    auth: false,
    contract: contracts.OpenApi,
  },
  { id: 'Me', method: 'GET', path: '/me', fn: 'me', auth: true, contract: contracts.Me },
  {
    id: 'ListInstruments',
    method: 'GET',
    path: '/instruments',
    fn: 'list-instruments',
    auth: true,
    contract: contracts.ListInstruments,
  },
  {
    id: 'UploadExport',
    method: 'POST',
    path: '/schools/{schoolId}/years/{schoolYear}/exports',
    fn: 'upload-export',
    auth: true,
    contract: contracts.UploadExport,
  },
  {
    id: 'UploadSchoolsFile',
    method: 'POST',
    path: '/exports',
    fn: 'upload-export',
    auth: true,
    contract: contracts.UploadSchoolsFile,
  },
  {
    id: 'ListExports',
    method: 'GET',
    path: '/schools/{schoolId}/years/{schoolYear}/exports',
    fn: 'list-exports',
    auth: true,
    contract: contracts.ListExports,
  },
  {
    id: 'GetSchoolYear',
    method: 'GET',
    path: '/schools/{schoolId}/years/{schoolYear}',
    fn: 'get-school-year',
    auth: true,
    contract: contracts.GetSchoolYear,
  },
  {
    id: 'GetConsent',
    method: 'GET',
    path: '/schools/{schoolId}/years/{schoolYear}/consent',
    fn: 'consent',
    auth: true,
    contract: contracts.GetConsent,
  },
  {
    id: 'PutConsent',
    method: 'PUT',
    path: '/schools/{schoolId}/years/{schoolYear}/consent',
    fn: 'consent',
    auth: true,
    contract: contracts.PutConsent,
  },
  {
    id: 'DeleteConsent',
    method: 'DELETE',
    path: '/schools/{schoolId}/years/{schoolYear}/consent',
    fn: 'consent',
    auth: true,
    contract: contracts.DeleteConsent,
  },
  ...(
    [
      ['PutProvider', 'PUT'],
      ['DeleteProvider', 'DELETE'],
    ] as const
  ).map(([id, method]) => ({
    id,
    method,
    path: '/schools/{schoolId}/years/{schoolYear}/provider',
    fn: 'consent',
    auth: true,
    contract: contracts[id],
  })),
  {
    id: 'GetReport',
    method: 'GET',
    path: '/schools/{schoolId}/years/{schoolYear}/report',
    fn: 'report',
    auth: true,
    contract: contracts.GetReport,
  },
  {
    id: 'GetDelivery',
    method: 'GET',
    path: '/schools/{schoolId}/years/{schoolYear}/delivery',
    fn: 'get-delivery',
    auth: true,
    contract: contracts.GetDelivery,
  },
  {
    id: 'GetBoardYear',
    method: 'GET',
    path: '/boards/{boardId}/years/{schoolYear}',
    fn: 'board-overview',
    auth: true,
    contract: contracts.GetBoardYear,
  },
  ...(
    [
      ['GetSchoolPolicy', 'GET'],
      ['PutSchoolPolicy', 'PUT'],
    ] as const
  ).map(([id, method]) => ({
    id,
    method,
    path: '/schools/{schoolId}/policy',
    fn: 'school-policy',
    auth: true,
    contract: contracts[id],
  })),
  ...(
    [
      ['ListPeople', 'GET', '/boards/{boardId}/people'],
      ['InvitePerson', 'POST', '/boards/{boardId}/invitations'],
      ['WithdrawInvitation', 'DELETE', '/boards/{boardId}/invitations/{invitationId}'],
      ['SetMembership', 'PUT', '/boards/{boardId}/people/{sub}'],
      ['RemovePerson', 'DELETE', '/boards/{boardId}/people/{sub}'],
      ['SetMailRecipients', 'PUT', '/boards/{boardId}/mail-recipients'],
      ['DecideJoinRequest', 'PUT', '/boards/{boardId}/join-requests/{sub}'],
      ['RequestToJoin', 'POST', '/join-requests'],
      ['AcceptInvitation', 'POST', '/invitations/accept'],
    ] as const
  ).map(([id, method, path]) => ({ id, method, path, fn: 'people', auth: true, contract: contracts[id] })),
] as const satisfies readonly RouteSpec[];

/** Functions that no route calls: the schedule targets, and the queue's worker. */
export const DISPATCHER_FN = 'dispatch-deliveries';
export const DELIVERY_WORKER_FN = 'deliver-school';
export const REMINDERS_FN = 'send-reminders';
export const RECONCILE_FN = 'reconcile-deliveries';

/** The function that authorizes every route with `auth: true`. */
export const AUTHORIZER_FN = 'authorizer';

/** Every function folder the route table refers to, once each. */
export const routeFunctions = (): string[] => [...new Set(routes.map((r) => r.fn))];

/**
 * A path segment, percent-decoded; a broken escape (`%E0%A4%A`) stays as sent, so that the route's parameter
 * validation refuses it with a 400 naming the parameter instead of the gateway failing with a 500.
 */
const decodeSegment = (seg: string): string => {
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
};

/**
 * Matches a concrete path against the table, as API Gateway does: literal segments must match, `{param}`
 * segments match one non-empty segment. Returns the route and its decoded path parameters.
 */
export const matchRoute = (
  method: string,
  path: string,
):
  | { route: RouteSpec; pathParameters: Record<string, string> }
  | { route: undefined; pathAllowed: boolean } => {
  const segments = path.split('/').filter(Boolean);
  let pathAllowed = false;
  for (const route of routes as readonly RouteSpec[]) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((p, i) => {
      const seg = segments[i] as string;
      if (p.startsWith('{') && p.endsWith('}')) {
        params[p.slice(1, -1)] = decodeSegment(seg);
        return true;
      }
      return p === seg;
    });
    if (!matches) continue;
    pathAllowed = true;
    if (route.method === method) return { route, pathParameters: params };
  }
  return { route: undefined, pathAllowed };
};
