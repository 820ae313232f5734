/**
 * The EventBridge Scheduler part of the request mapper (REST): schedules and schedule groups by method and path,
 * and iam:PassRole for the target role a created or updated schedule hands to the service.
 */
import {
  decodeOrFail,
  fail,
  type HttpRequestParts,
  type IamRequest,
  type MappingContext,
} from './iam-request.js';
import { isObject, jsonBody } from './request-parsing.js';

/** The IAM checks of one Scheduler request. */
export const schedulerRequestsOf = (http: HttpRequestParts, ctx: MappingContext): IamRequest[] => {
  const parts = http.path.split('/').filter(Boolean);
  const base = `arn:aws:scheduler:${ctx.region}:${ctx.account}`;
  const { method } = http;
  if (parts[0] === 'schedules' && parts.length === 1 && method === 'GET')
    // ListSchedules has no resource-level permissions: IAM authorizes it on `*`.
    return [{ action: 'scheduler:ListSchedules', resource: '*' }];
  if (parts[0] === 'schedule-groups' && parts.length === 1 && method === 'GET')
    return [{ action: 'scheduler:ListScheduleGroups', resource: '*' }];
  if (parts.length !== 2) return fail(`scheduler ${method} ${http.path} is not mapped`);
  const name = decodeOrFail(parts[1] as string, 'the scheduler path');
  if (parts[0] === 'schedule-groups') {
    const ops: Record<string, string> = {
      POST: 'CreateScheduleGroup',
      GET: 'GetScheduleGroup',
      DELETE: 'DeleteScheduleGroup',
    };
    const op = ops[method] ?? fail(`scheduler ${method} on a schedule group is not mapped`);
    return [{ action: `scheduler:${op}`, resource: `${base}:schedule-group/${name}` }];
  }
  if (parts[0] === 'tags') {
    const ops: Record<string, string> = {
      POST: 'TagResource',
      DELETE: 'UntagResource',
      GET: 'ListTagsForResource',
    };
    const op = ops[method] ?? fail(`scheduler ${method} on tags is not mapped`);
    return [{ action: `scheduler:${op}`, resource: name }];
  }
  if (parts[0] !== 'schedules') return fail(`scheduler ${method} ${http.path} is not mapped`);
  const ops: Record<string, string> = {
    POST: 'CreateSchedule',
    PUT: 'UpdateSchedule',
    GET: 'GetSchedule',
    DELETE: 'DeleteSchedule',
  };
  const op = ops[method] ?? fail(`scheduler ${method} on a schedule is not mapped`);
  const body = method === 'POST' || method === 'PUT' ? jsonBody(http.body, 'scheduler') : {};
  const group =
    (typeof body.GroupName === 'string' ? body.GroupName : http.query.get('groupName')) || 'default';
  const requests: IamRequest[] = [
    { action: `scheduler:${op}`, resource: `${base}:schedule/${group}/${name}` },
  ];
  const roleArn = isObject(body.Target) ? body.Target.RoleArn : undefined;
  // Creating or updating a schedule hands its target role to EventBridge Scheduler: iam:PassRole on that role.
  if (typeof roleArn === 'string')
    requests.push({
      action: 'iam:PassRole',
      resource: roleArn,
      context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    });
  return requests;
};
