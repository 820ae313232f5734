/**
 * The groups of an aggregated export (onderwijssoort × leerjaar) and what follows from them: every level's
 * respondents are a sum of groups, exactly as the Aggregator sums its group counters for respondent rows.
 */
import { ONDERWIJSSOORTEN, type Onderwijssoort } from '../../ids.js';
import type { ExportSummary } from '../types.js';
import type { FactSheet, LevelKey } from './aggregated-facts.js';

export interface GroupTotals {
  /**
   * The groups with respondents, ordered as Aggregator.groupSizes() orders them: by onderwijssoort in
   * ONDERWIJSSOORTEN order (none last), then leerjaar. A group row of 0 respondents is accepted (a vendor may
   * list every class) but is no group here: respondent rows never make a group of nobody either.
   */
  groups: ExportSummary['groups'];
  /** Whether the file has any group row, even of 0 respondents. */
  any: boolean;
  school: number;
  /** Respondents per onderwijssoort and leerjaar: a key is here when any group row names it, even with 0. */
  onderwijssoort: ReadonlyMap<Onderwijssoort, number>;
  leerjaar: ReadonlyMap<number, number>;
}

const osOrder = (os: Onderwijssoort | null) =>
  os === null ? ONDERWIJSSOORTEN.length : ONDERWIJSSOORTEN.indexOf(os);

/** Sums the group rows of the file. */
export const groupTotals = (facts: FactSheet): GroupTotals => {
  const onderwijssoort = new Map<Onderwijssoort, number>();
  const leerjaar = new Map<number, number>();
  const groups: ExportSummary['groups'] = [];
  let school = 0;
  let any = false;
  for (const { key, respondents } of facts.respondents.values()) {
    if (key.level !== 'group' || key.leerjaar === null) continue;
    any = true;
    school += respondents;
    if (key.onderwijssoort !== null) {
      onderwijssoort.set(key.onderwijssoort, (onderwijssoort.get(key.onderwijssoort) ?? 0) + respondents);
    }
    leerjaar.set(key.leerjaar, (leerjaar.get(key.leerjaar) ?? 0) + respondents);
    if (respondents > 0)
      groups.push({ onderwijssoort: key.onderwijssoort, leerjaar: key.leerjaar, respondents });
  }
  groups.sort((a, b) => osOrder(a.onderwijssoort) - osOrder(b.onderwijssoort) || a.leerjaar - b.leerjaar);
  return { groups, any, school, onderwijssoort, leerjaar };
};

/** A level key's respondents as the sum of its groups; undefined when no group row names it. */
export const respondentsOf = (totals: GroupTotals, key: LevelKey): number | undefined => {
  switch (key.level) {
    case 'school':
      return totals.any ? totals.school : undefined;
    case 'onderwijssoort':
      return key.onderwijssoort === null ? undefined : totals.onderwijssoort.get(key.onderwijssoort);
    case 'leerjaar':
      return key.leerjaar === null ? undefined : totals.leerjaar.get(key.leerjaar);
    case 'group':
      return undefined; // a group's respondents are its own row
  }
};

/**
 * The level keys a file's groups make, in the order Aggregator.result() gives levels: the school, the
 * onderwijssoorten in ONDERWIJSSOORTEN order, the leerjaren ascending. With `withRespondents`, only the keys
 * whose groups have respondents (the levels of the aggregates); without, also those of only empty groups.
 */
export const levelKeys = (totals: GroupTotals, withRespondents: boolean): LevelKey[] => {
  if (!totals.any) return [];
  const keep = (respondents: number) => !withRespondents || respondents > 0;
  const keys: LevelKey[] = [];
  if (keep(totals.school)) keys.push({ level: 'school', onderwijssoort: null, leerjaar: null });
  for (const os of ONDERWIJSSOORTEN) {
    const r = totals.onderwijssoort.get(os);
    if (r !== undefined && keep(r))
      keys.push({ level: 'onderwijssoort', onderwijssoort: os, leerjaar: null });
  }
  for (const [lj, r] of [...totals.leerjaar].sort(([a], [b]) => a - b)) {
    if (keep(r)) keys.push({ level: 'leerjaar', onderwijssoort: null, leerjaar: lj });
  }
  return keys;
};
