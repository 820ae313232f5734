/**
 * The deployment's settings, from config.json next to index.html: where the API is, and how people sign in
 * (the OpenID provider's endpoints and the public client's id), as shared/http/web-config.ts defines them.
 * Checked by hand against that shape rather than with its zod schema, so that no schema library reaches the
 * bundle (the deployment and `npm start` write the file through the schema).
 */
import type { WebConfig, WebSignIn } from '../../shared/http/web-config.js';
import { ApiError } from './api.js';

/** How the app signs people in: a public client (no secret) with the authorization code flow and PKCE. */
export type SignInSettings = WebSignIn;
export type { WebConfig };

const SIGN_IN_FIELDS: ReadonlyArray<keyof WebSignIn> = [
  'issuer',
  'clientId',
  'authorizationEndpoint',
  'tokenEndpoint',
  'revocationEndpoint',
  'logoutEndpoint',
  'scope',
];

/** The settings in `body`, or null when something is missing or not a string. */
export const parseWebConfig = (body: unknown): WebConfig | null => {
  if (typeof body !== 'object' || body === null) return null;
  const { apiUrl, signIn } = body as { apiUrl?: unknown; signIn?: unknown };
  if (typeof apiUrl !== 'string' || typeof signIn !== 'object' || signIn === null) return null;
  const settings: Record<string, string> = {};
  for (const field of SIGN_IN_FIELDS) {
    const value = (signIn as Record<string, unknown>)[field];
    if (typeof value !== 'string' || value === '') return null;
    settings[field] = value;
  }
  return { apiUrl: apiUrl.replace(/\/$/, ''), signIn: settings as unknown as SignInSettings };
};

/** Loads config.json; a missing or incomplete one is an ApiError with the code `config_missing`. */
export const loadConfig = async (): Promise<WebConfig> => {
  let config: WebConfig | null = null;
  try {
    const res = await fetch('./config.json', { cache: 'no-store' });
    if (res.ok) config = parseWebConfig(await res.json());
  } catch {
    // Unreachable or not JSON: the same answer as an incomplete file.
  }
  if (!config) throw new ApiError(0, 'config_missing', 'config.json could not be loaded or is incomplete.');
  return config;
};
