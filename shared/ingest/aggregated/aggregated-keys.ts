/**
 * The level key of a row of an aggregated export: which cells the level needs (an onderwijssoort row its
 * onderwijssoort, a group both), which it must leave empty, and their values by the respondent rows' rules.
 */
import type { Onderwijssoort } from '../../ids.js';
import { quote } from '../row-validator.js';
import type { IngestErrorCode, IngestOptions } from '../types.js';
import type { LevelKey } from './aggregated-facts.js';
import type { AggregatedColumn } from './aggregated-headers.js';
import { isRefusal, judgeLeerjaar, type Level, type Refusal } from './aggregated-values.js';

/** The row's level key, or undefined after reporting through `fail` what is wrong with it. */
export const readLevelKey = (
  level: Level,
  rawOs: string,
  rawLj: string,
  school: IngestOptions['school'],
  judgeOs: (raw: string) => Onderwijssoort | Refusal,
  fail: (column: AggregatedColumn, code: IngestErrorCode, message: string) => void,
): LevelKey | undefined => {
  const wantsOs = level === 'onderwijssoort' || level === 'group';
  const wantsLj = level === 'leerjaar' || level === 'group';
  let keyOk = true;
  const bad = (column: AggregatedColumn, code: IngestErrorCode, message: string) => {
    keyOk = false;
    fail(column, code, message);
  };
  let onderwijssoort: LevelKey['onderwijssoort'] = null;
  let leerjaar: number | null = null;
  if (!wantsOs && rawOs !== '') {
    bad(
      'onderwijssoort',
      'unexpected_value',
      `A ${level} row leaves the onderwijssoort empty (found ${quote(rawOs)}).`,
    );
  } else if (level === 'onderwijssoort' && rawOs === '') {
    bad('onderwijssoort', 'missing_value', 'An onderwijssoort row needs its onderwijssoort.');
  } else if (wantsOs && rawOs !== '') {
    const os = judgeOs(rawOs);
    if (isRefusal(os)) bad('onderwijssoort', os.code, os.message);
    else onderwijssoort = os;
  } else if (level === 'group' && school.onderwijssoorten.length > 0) {
    // As in respondent rows: a school with onderwijssoorten counts every respondent in one of them.
    bad(
      'onderwijssoort',
      'missing_value',
      `A group row of this school needs its onderwijssoort; expected one of ${school.onderwijssoorten.join(', ')}.`,
    );
  }
  if (!wantsLj && rawLj !== '') {
    bad('leerjaar', 'unexpected_value', `A ${level} row leaves the leerjaar empty (found ${quote(rawLj)}).`);
  } else if (wantsLj && rawLj === '') {
    bad('leerjaar', 'missing_value', `A ${level} row needs its leerjaar.`);
  } else if (wantsLj) {
    const lj = judgeLeerjaar(rawLj, school.sector);
    if (isRefusal(lj)) bad('leerjaar', lj.code, lj.message);
    else leerjaar = lj;
  }
  return keyOk ? { level, onderwijssoort, leerjaar } : undefined;
};
