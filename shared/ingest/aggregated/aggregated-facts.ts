/**
 * The facts of an aggregated export once each row is valid on its own: respondents per level key, an item's n
 * and mean per level key, and its distribution's options. Held in Maps keyed by strings we build from validated
 * values, never by the file's text, so that no cell can reach Object.prototype.
 */
import type { Onderwijssoort } from '../../ids.js';
import type { Level } from './aggregated-values.js';

/** One level key: the school, an onderwijssoort, a leerjaar, or a group (onderwijssoort × leerjaar). */
export interface LevelKey {
  level: Level;
  /** For onderwijssoort and group keys (null for a primary school's groups). */
  onderwijssoort: Onderwijssoort | null;
  /** For leerjaar and group keys. */
  leerjaar: number | null;
}

/** A level key's identity in the maps below: `school||`, `onderwijssoort|havo|`, `group|havo|3`. */
export const keyId = (k: LevelKey): string => `${k.level}|${k.onderwijssoort ?? ''}|${k.leerjaar ?? ''}`;

/** A level key as error messages name it: `the school`, `onderwijssoort havo`, `group havo, leerjaar 3`. */
export const describeKey = (k: LevelKey): string => {
  switch (k.level) {
    case 'school':
      return 'the school';
    case 'onderwijssoort':
      return `onderwijssoort ${k.onderwijssoort}`;
    case 'leerjaar':
      return `leerjaar ${k.leerjaar}`;
    case 'group':
      return k.onderwijssoort === null
        ? `group leerjaar ${k.leerjaar}`
        : `group ${k.onderwijssoort}, leerjaar ${k.leerjaar}`;
  }
};

export interface RespondentsFact {
  key: LevelKey;
  /** The sum over its classes (see `classes`). */
  respondents: number;
  /** The first row's line. */
  line: number;
  /**
   * The classes of its onderwijssoort its rows name (classJudge: `plain`, `mixed:havo/vwo`), each once; `plain`
   * for keys without an onderwijssoort. A mixed class and the plain onderwijssoort of one group are two parts
   * of it, and their respondents add up, as respondent rows pool them.
   */
  classes: string[];
}

export interface ItemFact {
  key: LevelKey;
  /** The item's place in the instrument. */
  item: number;
  n: number;
  /** The mean as given, unrounded; null when the vendor left it empty (allowed for small cells). */
  mean: number | null;
  /** The decimals the mean is written with (0 when empty): the rounding the checks across levels allow. */
  meanDecimals: number;
  line: number;
}

export interface OptionFact {
  key: LevelKey;
  item: number;
  /** The answer value 1..points. */
  value: number;
  /** Exactly one of count and percent is set; one (key, item) uses one kind. */
  count: number | null;
  percent: number | null;
  /** The decimals the percent is written with (0 for a count). */
  percentDecimals: number;
  line: number;
}

/** Why a row's fact was not added: given before, of the other kind, or of another class (see addItem). */
export interface Conflict {
  kind: 'duplicate' | 'mixed' | 'class';
  /** The line of the earlier row it conflicts with. */
  line: number;
  /** For `mixed`: whether the earlier rows are counts. */
  counts?: boolean;
}

/** Every fact of the file, in file order within each Map. */
export class FactSheet {
  /** By keyId. */
  readonly respondents = new Map<string, RespondentsFact>();
  /** By keyId + `#` + item index. */
  readonly items = new Map<string, ItemFact>();
  /** By keyId + `#` + item index: the options given, each value once. */
  readonly options = new Map<string, OptionFact[]>();
  /** Every onderwijssoort and leerjaar key the file names, with the first line that does: each needs groups. */
  readonly named = new Map<string, { key: LevelKey; line: number }>();
  /** By item id: the class whose rows give an item's figures at its key, and the first line that does. */
  private readonly itemClasses = new Map<string, { cls: string; line: number }>();

  /** The id of an item at a level key in `items` and `options`. */
  static itemId(key: LevelKey, item: number): string {
    return `${keyId(key)}#${item}`;
  }

  /**
   * Adds the respondents of one class of a key (`cls` as classJudge says). A key given again for the same class
   * is refused (the earlier fact is returned, nothing added); for another class its respondents are added to
   * the key's: the classes are disjoint parts of it.
   */
  addRespondents(key: LevelKey, respondents: number, line: number, cls: string): RespondentsFact | undefined {
    const id = keyId(key);
    const earlier = this.respondents.get(id);
    if (earlier) {
      if (earlier.classes.includes(cls)) return earlier;
      earlier.respondents += respondents;
      earlier.classes.push(cls);
      return undefined;
    }
    this.name(key, line);
    this.respondents.set(id, { key, respondents, line, classes: [cls] });
    return undefined;
  }

  /**
   * Adds an item fact of one class of its key; refused when the item already has one at this key (`duplicate`),
   * or when another class gives the item's figures at this key (`class`): an item's n, mean and distribution of
   * two classes are not pooled here (see claim).
   */
  addItem(fact: ItemFact, cls: string): Conflict | undefined {
    const id = FactSheet.itemId(fact.key, fact.item);
    const other = this.claim(id, cls, fact.line);
    if (other) return other;
    const earlier = this.items.get(id);
    if (earlier) return { kind: 'duplicate', line: earlier.line };
    this.name(fact.key, fact.line);
    this.items.set(id, fact);
    return undefined;
  }

  /**
   * Adds an option; refused when the option is already given, when the distribution so far is of the other
   * kind (counts against percentages): a mix cannot be checked against n and 100 at once, or when it is of
   * another class than the item's other rows at this key.
   */
  addOption(fact: OptionFact, cls: string): Conflict | undefined {
    const id = FactSheet.itemId(fact.key, fact.item);
    const list = this.options.get(id) ?? [];
    const same = list.find((o) => o.value === fact.value);
    const other = this.claim(id, cls, fact.line);
    if (other) return other;
    if (same) return { kind: 'duplicate', line: same.line };
    const first = list[0];
    if (first && (first.count === null) !== (fact.count === null))
      return { kind: 'mixed', line: first.line, counts: first.count !== null };
    this.name(fact.key, fact.line);
    list.push(fact);
    this.options.set(id, list);
    return undefined;
  }

  /**
   * Claims an item id for a class: the first row of an item at a key says which class gives its figures. Two
   * classes' item rows could be pooled only when both give n, an unrounded mean and counts: an empty mean (a
   * small class) or percentages of each class's own n would have to be guessed, so the file pools them.
   */
  private claim(id: string, cls: string, line: number): Conflict | undefined {
    const claimed = this.itemClasses.get(id);
    if (claimed === undefined) this.itemClasses.set(id, { cls, line });
    else if (claimed.cls !== cls) return { kind: 'class', line: claimed.line };
    return undefined;
  }

  /** Notes that a row names this key (the first line is kept, for the error when the key has no groups). */
  private name(key: LevelKey, line: number): void {
    if (key.level !== 'onderwijssoort' && key.level !== 'leerjaar') return;
    const id = keyId(key);
    if (!this.named.has(id)) this.named.set(id, { key, line });
  }
}
