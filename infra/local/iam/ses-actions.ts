/**
 * The SES part of the request mapper, for the v2 API (`POST /v2/email/outbound-emails`) and the v1 query API:
 * the sending identity, and the sender and recipients as `ses:FromAddress`, `ses:FromDisplayName` and
 * `ses:Recipients`, read from the raw message's From header when the request names no sender.
 */
import { fail, type HttpRequestParts, type IamRequest, type MappingContext } from './iam-request.js';
import { isObject, jsonBody, unique } from './request-parsing.js';

/** `"Name" <a@b>` → { address: 'a@b', displayName: 'Name' }. */
export const parseMailbox = (value: string): { address: string; displayName?: string } => {
  const m = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  if (!m) return { address: value.trim() };
  const name = (m[1] as string).replace(/^"(.*)"$/, '$1').trim();
  return { address: (m[2] as string).trim(), ...(name ? { displayName: name } : {}) };
};

/** The From header of a raw MIME message (unfolded), or undefined. */
const rawFrom = (raw: string): string | undefined => {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  return /^from:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1]?.replace(/\r?\n[ \t]+/g, ' ');
};

const sendRequest = (
  action: string,
  from: string | undefined,
  identityArn: string | undefined,
  recipients: string[],
  ctx: MappingContext,
): IamRequest => {
  if (!from && !identityArn) return fail(`${action}: no sender address`);
  const mailbox = from ? parseMailbox(from) : undefined;
  const identity = (name: string) => `arn:aws:ses:${ctx.region}:${ctx.account}:identity/${name}`;
  const domain = mailbox?.address.split('@')[1];
  // SES refuses a sender that does not belong to the identity a SourceArn names (the address or its domain).
  if (identityArn && mailbox) {
    const named = identityArn.split(':identity/')[1]?.toLowerCase();
    if (named !== mailbox.address.toLowerCase() && named !== domain?.toLowerCase())
      fail(`${action}: the sender ${mailbox.address} does not belong to ${identityArn}`);
  }
  const context: Record<string, string | string[]> = {};
  if (mailbox) context['ses:FromAddress'] = mailbox.address;
  if (mailbox?.displayName) context['ses:FromDisplayName'] = mailbox.displayName;
  if (recipients.length > 0)
    context['ses:Recipients'] = unique(recipients.map((r) => parseMailbox(r).address));
  return {
    action,
    resource: identityArn ?? identity(mailbox?.address as string),
    ...(identityArn === undefined && domain ? { alternativeResources: [identity(domain)] } : {}),
    context,
  };
};

/** The IAM checks of one SES request. */
export const sesRequestsOf = (http: HttpRequestParts, ctx: MappingContext): IamRequest[] => {
  if (http.method === 'POST' && http.path === '/v2/email/outbound-emails') {
    const body = jsonBody(http.body, 'ses');
    const content = isObject(body.Content) ? body.Content : {};
    const raw = isObject(content.Raw) && typeof content.Raw.Data === 'string' ? content.Raw.Data : undefined;
    const dest = isObject(body.Destination) ? body.Destination : {};
    const recipients = ['ToAddresses', 'CcAddresses', 'BccAddresses'].flatMap((k) =>
      Array.isArray(dest[k]) ? (dest[k] as unknown[]).map(String) : [],
    );
    const from =
      typeof body.FromEmailAddress === 'string'
        ? body.FromEmailAddress
        : raw && rawFrom(Buffer.from(raw, 'base64').toString('utf8'));
    const arn =
      typeof body.FromEmailAddressIdentityArn === 'string' ? body.FromEmailAddressIdentityArn : undefined;
    return [sendRequest('ses:SendEmail', from, arn, recipients, ctx)];
  }
  if (http.method !== 'POST' || http.path !== '/')
    return fail(`ses ${http.method} ${http.path} is not mapped`);
  const form = new URLSearchParams(http.body.toString('utf8'));
  const action = form.get('Action') ?? '';
  const list = (prefix: string) =>
    [...form.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
  switch (action) {
    case 'SendEmail':
    case 'SendTemplatedEmail':
      return [
        sendRequest(
          `ses:${action}`,
          form.get('Source') ?? undefined,
          form.get('SourceArn') ?? undefined,
          list('Destination.'),
          ctx,
        ),
      ];
    case 'SendRawEmail': {
      const data = form.get('RawMessage.Data');
      const from =
        form.get('Source') ?? (data ? rawFrom(Buffer.from(data, 'base64').toString('utf8')) : undefined);
      return [
        sendRequest('ses:SendRawEmail', from, form.get('SourceArn') ?? undefined, list('Destinations.'), ctx),
      ];
    }
    case 'GetSendQuota':
    case 'GetSendStatistics':
    case 'ListIdentities':
      return [{ action: `ses:${action}`, resource: '*' }];
    default:
      return fail(`ses Action=${action || '(none)'} is not mapped`);
  }
};
