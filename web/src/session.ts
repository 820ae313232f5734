/**
 * What the tab remembers, all in sessionStorage: it lives as long as the tab and is never written to
 * localStorage or a cookie, so closing the tab signs out. The signed-in session (the ID token the API takes as
 * the bearer, its expiry, the refresh token), a sign-in on its way to the provider, and which reports were
 * opened (a step of the status bar).
 */

/** The part of the Web Storage API used here, so that tests can pass a Map-backed one. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const store = (): KeyValueStore => globalThis.sessionStorage;

export const SESSION_KEY = 'msv.session';
export const PENDING_KEY = 'msv.signIn';
const REPORT_KEY = 'msv.reportChecked';
const NOTICE_KEY = 'msv.notice';

/** A signed-in person's tokens. */
export interface StoredSession {
  idToken: string;
  /** The ID token's `exp`, in seconds since the epoch. */
  expiresAt: number;
  refreshToken?: string;
}

/** A sign-in sent to the provider and not yet back: what its answer must match, and where to land after it. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The hash route the person started from (`#/boards/…`), or '' for the start page. */
  returnTo: string;
}

const readJson = <T>(
  key: string,
  valid: (v: Record<string, unknown>) => boolean,
  s: KeyValueStore,
): T | null => {
  const raw = s.getItem(key);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value === 'object' && value !== null && valid(value as Record<string, unknown>))
      return value as T;
  } catch {
    // Not ours or damaged: as if absent.
  }
  s.removeItem(key);
  return null;
};

export const getSession = (s: KeyValueStore = store()): StoredSession | null =>
  readJson<StoredSession>(
    SESSION_KEY,
    (v) =>
      typeof v.idToken === 'string' &&
      typeof v.expiresAt === 'number' &&
      (v.refreshToken === undefined || typeof v.refreshToken === 'string'),
    s,
  );

export const setSession = (session: StoredSession, s: KeyValueStore = store()): void =>
  s.setItem(SESSION_KEY, JSON.stringify(session));

/** Forgets the signed-in session and everything the tab remembered for it. */
export const clearSession = (s: KeyValueStore = store()): void => {
  s.removeItem(SESSION_KEY);
  s.removeItem(PENDING_KEY);
  s.removeItem(REPORT_KEY);
};

export const setPending = (pending: PendingSignIn, s: KeyValueStore = store()): void =>
  s.setItem(PENDING_KEY, JSON.stringify(pending));

/** The sign-in on its way, taken out: it can be answered once only, whatever the answer. */
export const takePending = (s: KeyValueStore = store()): PendingSignIn | null => {
  const pending = readJson<PendingSignIn>(
    PENDING_KEY,
    (v) =>
      typeof v.state === 'string' &&
      typeof v.nonce === 'string' &&
      typeof v.codeVerifier === 'string' &&
      typeof v.returnTo === 'string',
    s,
  );
  s.removeItem(PENDING_KEY);
  return pending;
};

/** A message to show once after the next page load (after signing out at the provider, say). */
export const setNotice = (text: string, s: KeyValueStore = store()): void => s.setItem(NOTICE_KEY, text);

export const takeNotice = (s: KeyValueStore = store()): string | null => {
  const text = s.getItem(NOTICE_KEY);
  s.removeItem(NOTICE_KEY);
  return text;
};

/** Whether the report of this school and year was opened in this session (a step of the status bar). */
export const reportChecked = (schoolId: string, schoolYear: string): boolean =>
  (store().getItem(REPORT_KEY) ?? '').split(',').includes(`${schoolId}/${schoolYear}`);

export const markReportChecked = (schoolId: string, schoolYear: string): void => {
  const seen = new Set((store().getItem(REPORT_KEY) ?? '').split(',').filter(Boolean));
  seen.add(`${schoolId}/${schoolYear}`);
  store().setItem(REPORT_KEY, [...seen].join(','));
};
