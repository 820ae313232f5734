/** The people-tokens port factory: the user pool (or locally the local OpenID provider) named by the settings. */
import type { Settings } from '../../../shared/config.js';
import type { PeopleTokens } from '../../../shared/ports.js';
import { createPeopleTokens } from '../people-tokens.js';

export const peopleTokens = (s: Settings<'peopleIssuer' | 'peopleClientId'>): PeopleTokens =>
  createPeopleTokens({ issuer: s.peopleIssuer, clientId: s.peopleClientId });
