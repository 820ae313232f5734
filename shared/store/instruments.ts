/**
 * The survey instruments port (shared/instruments/schema.ts): every version of an instrument's definition, kept
 * for good, so that an export scored with version 1 can always be read again as version 1. Only the admin CLI
 * writes instruments (it acts as the operator); no function's table access writes them, so a flaw in a function
 * cannot change how every school's answers are scored.
 *
 * A definition is validated data, otherwise opaque to the store: whatever fields the schema has, the store keeps
 * what the schema's parse keeps, and gives back only what still parses.
 */
import type { Instrument } from '../instruments/schema.js';
import { StoreConditionError } from './condition-error.js';

/** A definition as the store gives it back: validated, with the version the store gave it. */
export type StoredInstrument = Instrument & { version: number };

/** What `instrument list` shows of an instrument: its newest version, without its items. */
export interface InstrumentSummary {
  instrumentId: string;
  /** The newest version. */
  version: number;
  name: string;
  publisher: string;
  /** How many items the newest version has. */
  itemCount: number;
  /** When and by whom the newest version was stored. */
  putAt: string;
  putBy: string;
}

/** What a put did: stored a new version, or found the newest one the same (deep-equal) and stored nothing. */
export interface InstrumentPut {
  status: 'created' | 'unchanged';
  version: number;
}

/**
 * Another put of the same instrument stored the version this one would have, twice over (the store reads again
 * and retries once): nothing of this put is stored.
 */
export class InstrumentVersionConflictError extends StoreConditionError {
  constructor(
    readonly instrumentId: string,
    readonly version: number,
    options?: ErrorOptions,
  ) {
    super(`version ${version} of instrument ${instrumentId} was stored by another put meanwhile`, options);
  }
}

/** The largest definition the store keeps, as JSON in UTF-8 bytes: well below DynamoDB's 400 KB an item. */
export const MAX_DEFINITION_BYTES = 300_000;

/** A definition too large to store (a table item holds at most 400 KB); nothing is stored. */
export class InstrumentTooLargeError extends Error {
  override name = 'InstrumentTooLargeError';
  constructor(
    readonly instrumentId: string,
    readonly bytes: number,
  ) {
    super(
      `instrument ${instrumentId} is ${bytes} bytes as JSON; the store keeps definitions of at most ${MAX_DEFINITION_BYTES} bytes`,
    );
  }
}

/**
 * A stored version that no longer parses with the instrument schema (the schema changed, or the item was edited
 * by hand): it is never handed out unvalidated.
 */
export class StoredInstrumentInvalidError extends Error {
  override name = 'StoredInstrumentInvalidError';
  constructor(
    readonly instrumentId: string,
    readonly version: number,
    problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(
      `stored version ${version} of instrument ${instrumentId} is no longer a valid definition: ${problems.join('; ')}`,
      options,
    );
  }
}

/** What functions read of instruments. */
export interface InstrumentReads {
  /**
   * One version of an instrument, or its newest when no version is named; undefined when there is none. Read
   * strongly consistent and validated: throws a {@link StoredInstrumentInvalidError} for one that no longer parses.
   */
  get(instrumentId: string, version?: number): Promise<StoredInstrument | undefined>;
  /** Every instrument with its newest version, by id (through the index: no definition is read). */
  list(): Promise<InstrumentSummary[]>;
}

/** Instruments as the operator stores them. */
export interface InstrumentStore extends InstrumentReads {
  /**
   * Stores a definition as the instrument's next version (1 for a new one), or answers `unchanged` with the newest
   * version when that one is the same definition. A `version` field in `definition` is ignored: the store gives
   * versions. Throws an {@link InstrumentTooLargeError} or, when other puts keep winning, an
   * {@link InstrumentVersionConflictError}. `baseline` is a version 1 that lives outside the store (a shipped
   * definition): with none stored yet, the same definition is `unchanged` at version 1 and another is version 2.
   */
  put(definition: Instrument, put: { at: string; by: string }, baseline?: Instrument): Promise<InstrumentPut>;
}

/** A zod issue's path as a reader writes it: `items[3].scale.labels`, `items[0].recode["mee eens"]`. */
const pathOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    if (/^[A-Za-z_$][\w$]*$/.test(name)) return out === '' ? name : `${out}.${name}`;
    return `${out}[${JSON.stringify(name)}]`;
  }, '');

/**
 * Every problem of a definition that does not parse, each as `path: message` (`(definition)` for the whole):
 * what the CLI prints and what a stored version that no longer parses is refused with.
 */
export const definitionProblems = (
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): string[] => issues.map((i) => `${pathOf(i.path) || '(definition)'}: ${i.message}`);
