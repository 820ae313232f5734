/**
 * Federated sign-in as a deploy setting: `identityProviders`, a JSON array (CDK context or
 * MSV_IDENTITY_PROVIDERS), each an OIDC or a SAML provider of the user pool (infra/constructs/user-directory.ts).
 *
 *   [{ "type": "saml", "name": "Entree", "metadataUrl": "https://…/metadata.xml" },
 *    { "type": "oidc", "name": "eduID", "issuerUrl": "https://connect.eduid.nl", "clientId": "…",
 *      "clientSecretName": "msv/eduid-client-secret" }]
 *
 * An OIDC client secret is never a setting: it names a Secrets Manager secret, which CloudFormation reads at
 * deploy time. Attribute names default to what the Dutch education federations release (email, name and
 * nlEduPersonHomeOrganizationId, the school's BRIN) and can be set per provider.
 */
import '../shared/zod-locale.js';
import * as z from 'zod/mini';

/** Cognito's rule for provider names (they also appear in the sign-in page's buttons). */
const providerName = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/));
const httpsUrl = z.url({ protocol: /^https$/ });

/** The SAML attribute names Entree Federatie and SURFconext release. */
const SAML_ATTRIBUTES = {
  email: 'urn:mace:dir:attribute-def:mail',
  name: 'urn:mace:dir:attribute-def:displayName',
  homeOrganisation: 'urn:mace:dir:attribute-def:nlEduPersonHomeOrganizationId',
};
/** The OIDC claims of the same. */
const OIDC_ATTRIBUTES = { email: 'email', name: 'name', homeOrganisation: 'nlEduPersonHomeOrganizationId' };

const attributes = (defaults: typeof SAML_ATTRIBUTES) =>
  z._default(
    z.strictObject({
      email: z._default(z.string().check(z.minLength(1)), defaults.email),
      name: z._default(z.string().check(z.minLength(1)), defaults.name),
      homeOrganisation: z._default(z.string().check(z.minLength(1)), defaults.homeOrganisation),
    }),
    defaults,
  );

export const identityProviderSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('oidc'),
    name: providerName,
    issuerUrl: httpsUrl,
    clientId: z.string().check(z.minLength(1)),
    /** The Secrets Manager secret (name or ARN) holding the client secret. */
    clientSecretName: z.string().check(z.minLength(1)),
    scopes: z._default(z.array(z.string().check(z.minLength(1))), ['openid', 'email', 'profile']),
    attributes: attributes(OIDC_ATTRIBUTES),
  }),
  z.strictObject({
    type: z.literal('saml'),
    name: providerName,
    metadataUrl: httpsUrl,
    attributes: attributes(SAML_ATTRIBUTES),
  }),
]);
export type IdentityProviderConfig = z.infer<typeof identityProviderSchema>;

/** The setting as read: a JSON text (from context or the environment) or an already parsed array. */
export const identityProvidersSchema = z.pipe(
  z.union([
    z.pipe(
      z.string(),
      z.transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: 'must be a JSON array', input: text });
          return z.NEVER;
        }
      }),
    ),
    z.array(z.unknown()),
  ]),
  z
    .array(identityProviderSchema)
    .check(
      z.refine(
        (list) => new Set(list.map((p) => p.name)).size === list.length,
        'provider names must be unique',
      ),
    ),
);
