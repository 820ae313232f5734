/**
 * The deployment's settings, from config.json next to index.html: where the API is, and how people sign in
 * (the OpenID provider's endpoints and the public client's id). Checked by hand rather than with zod, so that
 * no schema library reaches the bundle.
 */
import { ApiError } from './api.js';

/** How the app signs people in: a public client (no secret) with the authorization code flow and PKCE. */
export interface SignInSettings {
  /** The provider's issuer: the `iss` of its ID tokens. */
  issuer: string;
  clientId: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  /** Cognito's `/logout`, called with `client_id` and `logout_uri`. */
  logoutEndpoint: string;
  scope: string;
}

export interface WebConfig {
  /** The API's base URL without a trailing slash; empty = this page's origin. */
  apiUrl: string;
  signIn: SignInSettings;
}

const SIGN_IN_FIELDS = [
  'issuer',
  'clientId',
  'authorizationEndpoint',
  'tokenEndpoint',
  'revocationEndpoint',
  'logoutEndpoint',
  'scope',
] as const;

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
