/**
 * oidc-provider's storage for the local provider: in memory, as its own development adapter, but with what that
 * one lacks: ending everything of one account at once (its sessions, grants, codes and tokens), which the admin
 * API's AdminUserGlobalSignOut and AdminDisableUser need. No size limit: a local stack has few people.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds; undefined: until the process ends. */
  expiresAt?: number;
}

export interface LocalStore {
  /** The adapter factory for oidc-provider's `adapter` setting. */
  adapter: (model: string) => Adapter;
  /** Removes every session, grant, code and token of `accountId`; returns how many were removed. */
  endAccount(accountId: string): number;
}

export const createLocalStore = (now: () => number = Date.now): LocalStore => {
  const models = new Map<string, Map<string, Entry>>();
  const modelOf = (name: string) => {
    let m = models.get(name);
    if (!m) {
      m = new Map();
      models.set(name, m);
    }
    return m;
  };
  const live = (m: Map<string, Entry>, id: string): AdapterPayload | undefined => {
    const entry = m.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= now()) {
      m.delete(id);
      return undefined;
    }
    return entry.payload;
  };
  const sweep = () => {
    const t = now();
    for (const m of models.values())
      for (const [id, e] of m) if (e.expiresAt !== undefined && e.expiresAt <= t) m.delete(id);
  };
  let writes = 0;

  const adapter = (model: string): Adapter => {
    const store = modelOf(model);
    const findBy = (field: 'uid' | 'userCode', value: string) => {
      for (const [id, e] of store) if (e.payload[field] === value) return live(store, id);
      return undefined;
    };
    return {
      upsert: async (id, payload, expiresIn) => {
        if (++writes % 500 === 0) sweep();
        store.set(id, {
          payload,
          ...(typeof expiresIn === 'number' ? { expiresAt: now() + expiresIn * 1000 } : {}),
        });
      },
      find: async (id) => live(store, id),
      findByUid: async (uid) => findBy('uid', uid),
      findByUserCode: async (userCode) => findBy('userCode', userCode),
      consume: async (id) => {
        const payload = live(store, id);
        if (payload) payload.consumed = Math.floor(now() / 1000);
      },
      destroy: async (id) => {
        store.delete(id);
      },
      revokeByGrantId: async (grantId) => {
        for (const m of models.values())
          for (const [id, e] of m) if (e.payload.grantId === grantId) m.delete(id);
      },
    };
  };

  const endAccount = (accountId: string): number => {
    let removed = 0;
    for (const m of models.values()) {
      for (const [id, e] of m) {
        if (e.payload.accountId === accountId) {
          m.delete(id);
          removed += 1;
        }
      }
    }
    return removed;
  };

  return { adapter, endAccount };
};
