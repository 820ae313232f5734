/**
 * The names of our fixed columns (respondent, leerjaar, onderwijssoort) as vendors write them: what the header
 * mapping reads (headers.ts) and what an instrument definition may not claim for an item or an ignored column
 * (instruments/schema.ts), so that no definition can hide or shadow a fixed column. Apart from both, so that
 * neither imports the other.
 */

export type FixedColumn = 'respondent' | 'leerjaar' | 'onderwijssoort';

/**
 * Class labels (`klas 3a`) and student numbers are deliberately absent: they can identify students, and a
 * column we do not recognise is refused rather than stored (or, when its instrument says so, skipped unread). A Map, not an object literal: header names are the
 * uploader's, and a plain object would answer `constructor` or `__proto__` from Object.prototype.
 */
export const ALIASES: ReadonlyMap<string, FixedColumn> = new Map([
  ['respondent', 'respondent'],
  ['respondentnummer', 'respondent'],
  ['respondentnr', 'respondent'],
  ['respondent nr', 'respondent'],
  ['respondent id', 'respondent'],
  ['respondent_id', 'respondent'],
  ['respondentid', 'respondent'],
  ['respondent-id', 'respondent'],
  ['volgnummer', 'respondent'],
  ['id', 'respondent'],
  ['leerjaar', 'leerjaar'],
  ['groep', 'leerjaar'],
  ['jaar', 'leerjaar'],
  ['onderwijssoort', 'onderwijssoort'],
  ['schoolsoort', 'onderwijssoort'],
  ['schooltype', 'onderwijssoort'],
  ['niveau', 'onderwijssoort'],
  ['leerweg', 'onderwijssoort'],
]);

/** The columns of a file for several schools that say which school a row is for (split-schools.ts). */
export type SchoolColumn = 'school' | 'vestiging';

/**
 * The names vendors and boards give the school columns: one with the BRIN and vestiging together (`22KC00`),
 * or the BRIN with the vestiging number in a column of its own. Read only by the upload for several schools;
 * a school's own upload refuses them as unknown columns, as before.
 */
export const SCHOOL_COLUMN_ALIASES: ReadonlyMap<string, SchoolColumn> = new Map(
  [
    ...[
      'brin',
      'brinnummer',
      'brin-nummer',
      'brin nummer',
      'brin_nummer',
      'brincode',
      'brin code',
      'brin_code',
    ],
    ...[
      'brin vestiging',
      'brin_vestiging',
      'brin-vestiging',
      'brinvestiging',
      'brin+vestiging',
      'brin/vestiging',
    ],
    ...['school', 'schoolcode', 'school code', 'school_id', 'schoolid', 'school id', 'instelling'],
  ]
    .map((name): [string, SchoolColumn] => [name, 'school'])
    .concat(
      [
        'vestiging',
        'vestigingsnummer',
        'vestigingnummer',
        'vestiging nr',
        'vestigingnr',
        'vestigingscode',
      ].map((name): [string, SchoolColumn] => [name, 'vestiging']),
    ),
);
