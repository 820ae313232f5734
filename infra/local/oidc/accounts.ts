/**
 * Who can sign in at the local OpenID provider, and what its tokens say about them. Any email address may sign in:
 * as with the Cognito user pool in AWS, signing in only proves the address; what a person may do in msv follows
 * from memberships, which msv keeps itself.
 */
import { createHash } from 'node:crypto';

/** A person the local provider knows by name (the demo people); anyone else gets their email's local part. */
export interface LocalPerson {
  email: string;
  name: string;
  /**
   * A school's BRIN, as a federated sign-in (Entree, SURFconext) brings it into the user pool's `custom:homeOrg`
   * (infra/constructs/user-directory.ts); set it to play such a person locally.
   */
  homeOrg?: string;
}

/** The claims the provider's tokens carry for a person (the same attributes a Cognito user pool keeps). */
export interface PersonClaims {
  sub: string;
  email: string;
  email_verified: true;
  name: string;
  'custom:homeOrg'?: string;
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

/** The people who signed in since the start (plus the named ones), by subject: the provider's account store. */
export class LocalAccounts {
  private readonly people = new Map<string, LocalPerson>();
  private readonly bySub = new Map<string, PersonClaims>();

  constructor(people: readonly LocalPerson[] = []) {
    for (const p of people) this.people.set(normalizeEmail(p.email), p);
  }

  /** Registers (or finds) the account of an address that has just proven itself with a code. */
  signIn(email: string): PersonClaims {
    const address = normalizeEmail(email);
    const sub = subjectOf(address);
    const known = this.bySub.get(sub);
    if (known) return known;
    const person = this.people.get(address);
    const claims: PersonClaims = {
      sub,
      email: address,
      email_verified: true,
      name: person?.name ?? address.slice(0, address.indexOf('@')),
      ...(person?.homeOrg ? { 'custom:homeOrg': person.homeOrg } : {}),
    };
    this.bySub.set(sub, claims);
    return claims;
  }

  /** The claims of a subject that signed in, or undefined (the provider then refuses the code or token). */
  find(sub: string): PersonClaims | undefined {
    return this.bySub.get(sub);
  }
}
