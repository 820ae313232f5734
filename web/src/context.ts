/** What every page gets: the API client for the signed-in token and what the API said about the caller. */
import type { Api } from './api.js';
import type { Me } from './types.js';

export interface AppContext {
  api: Api;
  me: Me;
  /** Re-renders the current route (after a change), keeping the status message. */
  rerender: () => Promise<void>;
}

/** Whether the caller may give, change and revoke consent (the bevoegd gezag: the school itself or its board). */
export const mayConsent = (me: Me): boolean => me.role === 'school' || me.role === 'board';
