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
  respondents: number;
  line: number;
}

export interface ItemFact {
  key: LevelKey;
  /** The item's place in the instrument. */
  item: number;
  n: number;
  /** The mean as given, unrounded; null when the vendor left it empty (allowed for small cells). */
  mean: number | null;
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
  line: number;
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

  /** The id of an item at a level key in `items` and `options`. */
  static itemId(key: LevelKey, item: number): string {
    return `${keyId(key)}#${item}`;
  }

  /** Adds a respondents fact; the earlier one when the key already has one (then nothing is added). */
  addRespondents(fact: RespondentsFact): RespondentsFact | undefined {
    const id = keyId(fact.key);
    const earlier = this.respondents.get(id);
    if (earlier) return earlier;
    this.name(fact.key, fact.line);
    this.respondents.set(id, fact);
    return undefined;
  }

  /** Adds an item fact; the earlier one when the item already has one at this key. */
  addItem(fact: ItemFact): ItemFact | undefined {
    const id = FactSheet.itemId(fact.key, fact.item);
    const earlier = this.items.get(id);
    if (earlier) return earlier;
    this.name(fact.key, fact.line);
    this.items.set(id, fact);
    return undefined;
  }

  /**
   * Adds an option; refused when the option is already given, or when the distribution so far is of the other
   * kind (counts against percentages): a mix cannot be checked against n and 100 at once.
   */
  addOption(fact: OptionFact): { kind: 'duplicate' | 'mixed'; earlier: OptionFact } | undefined {
    const id = FactSheet.itemId(fact.key, fact.item);
    const list = this.options.get(id) ?? [];
    const same = list.find((o) => o.value === fact.value);
    if (same) return { kind: 'duplicate', earlier: same };
    const first = list[0];
    if (first && (first.count === null) !== (fact.count === null)) return { kind: 'mixed', earlier: first };
    this.name(fact.key, fact.line);
    list.push(fact);
    this.options.set(id, list);
    return undefined;
  }

  /** Notes that a row names this key (the first line is kept, for the error when the key has no groups). */
  private name(key: LevelKey, line: number): void {
    if (key.level !== 'onderwijssoort' && key.level !== 'leerjaar') return;
    const id = keyId(key);
    if (!this.named.has(id)) this.named.set(id, { key, line });
  }
}
