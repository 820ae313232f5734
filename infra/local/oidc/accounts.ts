/**
 * The local user pool's users: who can sign in at the local OpenID provider, and what its tokens say about them.
 * As in msv's Cognito user pool (no self sign-up), only a user in the pool gets a sign-in code: the people given
 * at start (the demo people) and those created since through the admin API (user-pool-api.ts), such as an invited
 * person. Signing in only proves the address; what a person may do in msv follows from memberships, which msv
 * keeps itself. The users live in memory, and in a JSON file when one is given (`npm start`: .local/), so that an
 * invited person can still sign in after a restart, as their membership in the table is still there.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** A person in the pool from the start (the demo people), or created in it. */
export interface LocalPerson {
  email: string;
  /** The `name` attribute; without one the email's local part. */
  name?: string;
  /**
   * A school's BRIN, as a federated sign-in (Entree, SURFconext) brings it into the user pool's `custom:homeOrg`
   * (infra/constructs/user-directory.ts); set it to play such a person locally.
   */
  homeOrg?: string;
}

/** One user of the local pool, as Cognito's AdminGetUser describes one. */
export interface LocalUser {
  /** The `sub`, which is also the user name: the pool has email as its username attribute. */
  readonly sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
  homeOrg?: string;
  enabled: boolean;
  readonly createdAt: Date;
  modifiedAt: Date;
}

/** The claims the provider's tokens carry for a person (the same attributes a Cognito user pool keeps). */
export interface PersonClaims {
  sub: string;
  email: string;
  email_verified: true;
  name: string;
  'custom:homeOrg'?: string;
  /** As Cognito's ID token names a federated user's provider; the local pool's users with a homeOrg play one. */
  identities?: Array<{ userId: string; providerName: string; providerType: string; primary: string }>;
}

// A fixed, made-up namespace: subjects are the same on every machine and every start, so a membership stored
// for a `sub` in .local/ keeps working after a restart, as Cognito's `sub` stays fixed for a user.
const SUB_NAMESPACE = Buffer.from('6f1d4a5e2c8b4e0f9a7d3b1c5e9f0a2d', 'hex');

/** Lower-cased and trimmed: the form an address is compared, hashed and stored in. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** A plausible single address (one `@`, a dot in the domain, no spaces), at most 254 characters as in RFC 5321. */
export const isEmailAddress = (email: string): boolean =>
  email.length <= 254 && /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>".]{2,}$/.test(email);

/**
 * The subject of an email address: an RFC 9562 version 5 (name-based, SHA-1) UUID of the normalized address.
 * A UUID like Cognito's `sub`, so code that stores or validates subjects needs no local exception.
 */
export const subjectOf = (email: string): string => {
  const hash = createHash('sha1').update(SUB_NAMESPACE).update(normalizeEmail(email), 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** Thrown by `create` for an address the pool has already (Cognito's UsernameExistsException). */
export class UserExistsError extends Error {
  override readonly name = 'UserExistsError';
}

/** The pool's users by subject: the provider's account store and the admin API's directory. */
export class LocalAccounts {
  private readonly bySub = new Map<string, LocalUser>();

  constructor(
    people: readonly LocalPerson[] = [],
    private readonly file?: string,
    private readonly now: () => number = Date.now,
  ) {
    if (file && existsSync(file)) {
      type Stored = Omit<LocalUser, 'createdAt' | 'modifiedAt'> & { createdAt: string; modifiedAt: string };
      for (const u of JSON.parse(readFileSync(file, 'utf8')) as Stored[]) {
        this.bySub.set(u.sub, { ...u, createdAt: new Date(u.createdAt), modifiedAt: new Date(u.modifiedAt) });
      }
    }
    for (const p of people) if (!this.get(p.email)) this.create(p);
  }

  /** Writes the users to the file, if there is one (after every change). */
  private save(): void {
    if (this.file) writeFileSync(this.file, `${JSON.stringify(this.list(), null, 2)}\n`, { mode: 0o600 });
  }

  /** Adds a user with a verified address; throws UserExistsError when the address is in the pool already. */
  create(person: LocalPerson, opts: { emailVerified?: boolean } = {}): LocalUser {
    const email = normalizeEmail(person.email);
    const sub = subjectOf(email);
    if (this.bySub.has(sub)) throw new UserExistsError(`${email} is in the pool already`);
    const at = new Date(this.now());
    const user: LocalUser = {
      sub,
      email,
      emailVerified: opts.emailVerified ?? true,
      name: person.name ?? email.slice(0, email.indexOf('@')),
      ...(person.homeOrg ? { homeOrg: person.homeOrg } : {}),
      enabled: true,
      createdAt: at,
      modifiedAt: at,
    };
    this.bySub.set(sub, user);
    this.save();
    return user;
  }

  /** The user of an address or a subject (Cognito takes either as the user name of an email-named pool). */
  get(emailOrSub: string): LocalUser | undefined {
    const key = emailOrSub.trim();
    return this.bySub.get(key) ?? (key.includes('@') ? this.bySub.get(subjectOf(key)) : undefined);
  }

  /** Enables or disables a user; the caller ends a disabled user's sessions. */
  setEnabled(user: LocalUser, enabled: boolean): void {
    if (user.enabled === enabled) return;
    user.enabled = enabled;
    user.modifiedAt = new Date(this.now());
    this.save();
  }

  /** Every user, oldest first. */
  list(): LocalUser[] {
    return [...this.bySub.values()];
  }

  /** Whether an address may be sent a sign-in code: an enabled user with a verified address. */
  canSignIn(email: string): boolean {
    const user = this.get(normalizeEmail(email));
    return user?.enabled === true && user.emailVerified;
  }

  /** The claims of an address that has just proven itself with a code, or undefined if it may not sign in. */
  signIn(email: string): PersonClaims | undefined {
    return this.canSignIn(email) ? this.find(subjectOf(email)) : undefined;
  }

  /**
   * The claims of a subject that may sign in, or undefined: the provider then refuses the session, the code or the
   * refresh token, so a disabled user's sign-in ends with the next request that needs the account.
   */
  find(sub: string): PersonClaims | undefined {
    const user = this.bySub.get(sub);
    if (!user?.enabled || !user.emailVerified) return undefined;
    return {
      sub: user.sub,
      email: user.email,
      email_verified: true,
      name: user.name,
      // A home organisation only comes with a federated sign-in: such a person plays one (Entree, by SAML).
      ...(user.homeOrg
        ? {
            'custom:homeOrg': user.homeOrg,
            identities: [
              { userId: user.email, providerName: 'Entree', providerType: 'SAML', primary: 'true' },
            ],
          }
        : {}),
    };
  }
}
