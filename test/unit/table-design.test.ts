/**
 * The key design: every key as the table holds it (stored data depends on it, so it is pinned here in words),
 * and the IAM leading keys derived from the items' own key functions.
 */
import { describe, expect, it } from 'vitest';
import { type ItemKind, indexKeys, keys, leadingKeysOf, queries } from '../../shared/table-design.js';

const S = '22KC00';
const Y = '2025-2026';
const T = '2026-03-02T09:00:00.000Z';

/** One key of every kind of item, and the key the table holds for it. */
const EVERY_KEY: { [K in ItemKind]: [ReturnType<(typeof keys)[K]>, { pk: string; sk: string }] } = {
  token: [keys.token('ab12'), { pk: 'TOKEN#ab12', sk: 'TOKEN' }],
  board: [keys.board('41234'), { pk: 'BOARD#41234', sk: 'BOARD' }],
  school: [keys.school(S), { pk: 'SCHOOL#22KC00', sk: 'SCHOOL' }],
  export: [keys.export(S, Y, 'exp_1'), { pk: 'SCHOOLYEAR#22KC00#2025-2026', sk: 'EXPORT#exp_1' }],
  aggregates: [keys.aggregates(S, Y, 'exp_1'), { pk: 'SCHOOLYEAR#22KC00#2025-2026', sk: 'AGGREGATES#exp_1' }],
  currentExport: [keys.currentExport(S, Y), { pk: 'SCHOOLYEAR#22KC00#2025-2026', sk: 'CURRENT' }],
  audit: [keys.audit(S, Y, T, '0a1b'), { pk: 'SCHOOLYEAR#22KC00#2025-2026', sk: `AUDIT#${T}#0a1b` }],
  consent: [keys.consent(S, Y), { pk: 'SCHOOLYEAR#22KC00#2025-2026', sk: 'CONSENT' }],
  delivery: [keys.delivery(S, Y), { pk: 'SCHOOLYEAR#22KC00#2025-2026', sk: 'DELIVERY' }],
  deliveryRef: [
    keys.deliveryRef('2026-06-16', S, Y),
    { pk: 'DELIVERYDATE#2026-06-16', sk: `SCHOOL#${S}#${Y}` },
  ],
  dispatchRun: [keys.dispatchRun('2026-06-16', T), { pk: 'DISPATCH#2026-06-16', sk: `RUN#${T}` }],
  reminderClaim: [
    keys.reminderClaim('41234', { kind: 'digest', date: '2026-05-04' }),
    { pk: 'REMINDER#41234', sk: '2026-05-04' },
  ],
  membership: [
    keys.membership('7a9f-sub', { scope: 'school', schoolId: S }),
    { pk: 'PERSON#7a9f-sub', sk: 'MEMBER#SCHOOL#22KC00' },
  ],
  invitation: [keys.invitation('ab12'), { pk: 'INVITE#ab12', sk: 'INVITE' }],
  mailRecipients: [keys.mailRecipients('41234'), { pk: 'BOARDMAIL#41234', sk: 'RECIPIENTS' }],
  joinRequest: [keys.joinRequest('7a9f-sub', '41234'), { pk: 'PERSON#7a9f-sub', sk: 'REQUEST#41234' }],
  peopleLog: [keys.peopleLog('41234', T, '0a1b'), { pk: 'PEOPLELOG#41234', sk: `AUDIT#${T}#0a1b` }],
  policy: [keys.policy(S), { pk: 'POLICY#22KC00', sk: 'POLICY' }],
  provider: [keys.provider(S, Y), { pk: 'SCHOOLYEAR#22KC00#2025-2026', sk: 'PROVIDER' }],
  catchUpWindow: [
    keys.catchUpWindow(Y, 'win_0123456789ab'),
    { pk: 'WINDOW#2025-2026', sk: 'WINDOW#win_0123456789ab' },
  ],
  instrumentVersion: [
    keys.instrumentVersion('msv-basis', 12),
    { pk: 'INSTRUMENT#msv-basis', sk: 'V#000012' },
  ],
  instrumentLatest: [keys.instrumentLatest('msv-basis'), { pk: 'INSTRUMENT#msv-basis', sk: 'LATEST' }],
};

describe('table design', () => {
  it('keys every item as the table holds it', () => {
    for (const [built, stored] of Object.values(EVERY_KEY)) expect(built).toEqual(stored);
    expect(keys.reminderClaim('41234', { kind: 'missed', schoolYear: Y })).toEqual({
      pk: 'REMINDER#41234',
      sk: 'MISSED#2025-2026',
    });
    expect(indexKeys.token('0123456789ab')).toEqual({ gsi1pk: 'TOKENS', gsi1sk: 'TOKEN#0123456789ab' });
    expect(indexKeys.board('41234')).toEqual({ gsi1pk: 'BOARDS', gsi1sk: 'BOARD#41234' });
    expect(indexKeys.instrumentLatest('msv-basis')).toEqual({
      gsi1pk: 'INSTRUMENTS',
      gsi1sk: 'INSTRUMENT#msv-basis',
    });
    expect(indexKeys.school('41234', S)).toEqual({ gsi1pk: 'BOARD#41234', gsi1sk: 'SCHOOL#22KC00' });
    expect(keys.membership('7a9f-sub', { scope: 'board', boardId: '41234', role: 'bestuurder' })).toEqual({
      pk: 'PERSON#7a9f-sub',
      sk: 'MEMBER#BOARD#41234#bestuurder',
    });
    expect(indexKeys.membership('41234', '7a9f-sub', { scope: 'school', schoolId: S })).toEqual({
      gsi1pk: 'PEOPLE#41234',
      gsi1sk: 'MEMBER#7a9f-sub#SCHOOL#22KC00',
    });
  });

  it('queries one partition each, of the table or of the index', () => {
    expect(queries.schoolsOfBoard('41234')).toEqual({
      index: 'gsi1',
      partition: 'BOARD#41234',
      sortKeyPrefix: 'SCHOOL#',
    });
    expect(queries.exports(S, Y)).toEqual({ partition: keys.consent(S, Y).pk, sortKeyPrefix: 'EXPORT#' });
    expect(queries.deliveryRefs('2026-06-16')).toEqual({ partition: 'DELIVERYDATE#2026-06-16' });
    expect(queries.membershipsOf('7a9f-sub')).toEqual({
      partition: 'PERSON#7a9f-sub',
      sortKeyPrefix: 'MEMBER#',
    });
    expect(queries.peopleOfBoard('41234')).toEqual({
      index: 'gsi1',
      partition: 'PEOPLE#41234',
      sortKeyPrefix: 'MEMBER#',
    });
  });

  it("derives each item's leading keys from the partition its key is in", () => {
    for (const kind of Object.keys(EVERY_KEY) as ItemKind[]) {
      const [built] = EVERY_KEY[kind];
      const [pattern] = leadingKeysOf(kind);
      expect(built.pk.startsWith((pattern as string).replace(/\*$/, ''))).toBe(true);
    }
    expect(
      leadingKeysOf('export', 'aggregates', 'currentExport', 'audit', 'consent', 'delivery', 'deliveryRef'),
    ).toEqual(['SCHOOLYEAR#*', 'DELIVERYDATE#*']);
    expect(leadingKeysOf('dispatchRun')).toEqual(['DISPATCH#*']);
    expect(leadingKeysOf('reminderClaim')).toEqual(['REMINDER#*']);
    // The policy's writer reaches its own partition, not the school item beside which it would otherwise live.
    expect(leadingKeysOf('policy')).toEqual(['POLICY#*']);
    // Windows are the operator's: no function's table access writes through their store.
    expect(leadingKeysOf('catchUpWindow')).toEqual(['WINDOW#*']);
    expect(indexKeys.catchUpWindow(Y, 'win_0123456789ab')).toEqual({
      gsi1pk: 'WINDOWS',
      gsi1sk: 'WINDOW#2025-2026#win_0123456789ab',
    });
  });
});
