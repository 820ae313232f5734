/**
 * The table port with only the stores a function names (`tableStores`, functions/lib/ports/table.ts): the wiring
 * builds exactly those adapters on one table, and types `store` by them, with the writes of the declaration only.
 * The `@ts-expect-error` lines fail `tsc --noEmit` the day they compile.
 */
import { describe, expect, it } from 'vitest';
import { defineNeeds } from '../../functions/lib/needs.js';
import { tableStores } from '../../functions/lib/ports/table.js';
import { DynamoBoardStore } from '../../functions/lib/store/boards.js';
import { DynamoConsentStore } from '../../functions/lib/store/consents.js';
import { DynamoPeopleStore } from '../../functions/lib/store/people.js';
import { DynamoSchoolStore } from '../../functions/lib/store/schools.js';
import { wire } from '../../functions/lib/wire.js';
import { createMeHandler } from '../../functions/me/me.js';

const env = { MSV_TABLE_NAME: 't', MSV_LOG_LEVEL: 'ERROR' };
const readOnly = defineNeeds({ fn: 'example', settings: [], access: ['table-read'] });

describe('tableStores', () => {
  it('builds exactly the named stores', () => {
    const deps = wire(
      readOnly,
      {
        store: tableStores({
          boards: DynamoBoardStore,
          schools: DynamoSchoolStore,
          people: DynamoPeopleStore,
        }),
      },
      env,
    );
    expect(Object.keys(deps.store).sort()).toEqual(['boards', 'people', 'schools']);
    expect(deps.store.boards).toBeInstanceOf(DynamoBoardStore);
    expect(deps.store.schools).toBeInstanceOf(DynamoSchoolStore);
    expect(createMeHandler(deps)).toBeTypeOf('function');
    // @ts-expect-error: the consents were not built, so the function cannot read them.
    void deps.store.consents;
  });

  it('gives a built store only the writes the declaration grants', () => {
    const deps = wire(readOnly, { store: tableStores({ consents: DynamoConsentStore }) }, env);
    expect(deps.store.consents.get).toBeTypeOf('function');
    // @ts-expect-error: table-read writes nothing (the adapter has the method; IAM refuses the call).
    void deps.store.consents.write;
    // @ts-expect-error: the me handler reads boards, schools and people, which this wiring did not build.
    createMeHandler(deps);
  });
});
