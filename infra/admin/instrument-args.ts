/**
 * The arguments of `instrument put | list | show` (survey instruments as data, shared/instruments/schema.ts).
 * Reading and validating the file is the command's work (instrument-commands.ts); here only the options' shape,
 * so that it is tested without a table or a file.
 */
import '../../shared/zod-locale.js';
import * as z from 'zod/mini';

/** The instrument commands, as parsed. */
export type InstrumentCommand =
  | { cmd: 'instrument put'; file: string }
  | { cmd: 'instrument list' }
  | { cmd: 'instrument show'; instrumentId: string; version?: number };

/** The usage lines of the instrument commands. */
export const INSTRUMENT_USAGE = `  instrument put --file def.json            (stores the definition as the instrument's next version, or says it
                                              is unchanged; one that does not validate is refused with every
                                              problem named, and nothing is stored)
  instrument list                            (every instrument with its newest version)
  instrument show --id msv-basis [--version N]
                                             (the definition as JSON: the newest version, or version N)`;

/** The options the instrument commands read. */
export interface InstrumentOptions {
  file?: string;
  id?: string;
  version?: string;
}

/** An instrument's id, as the schema has it. */
const INSTRUMENT_ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Parses an instrument command; `field` is the CLI's option parser (its error names the option), `usage` makes
 * its usage error.
 */
export const parseInstrumentCommand = (
  name: InstrumentCommand['cmd'],
  v: InstrumentOptions,
  field: <S extends z.ZodMiniType>(option: string, schema: S, value: unknown) => z.infer<S>,
  usage: (message: string) => Error,
): InstrumentCommand => {
  const unexpected = (option: keyof InstrumentOptions) => {
    if (v[option] !== undefined) throw usage(`--${option} is not an option of ${name}`);
  };
  switch (name) {
    case 'instrument put':
      unexpected('id');
      unexpected('version');
      return { cmd: name, file: field('file', z.string().check(z.minLength(1, 'must name a file')), v.file) };
    case 'instrument list':
      unexpected('file');
      unexpected('id');
      unexpected('version');
      return { cmd: name };
    case 'instrument show':
      unexpected('file');
      return {
        cmd: name,
        instrumentId: field(
          'id',
          z.string().check(z.regex(INSTRUMENT_ID, 'must be an instrument id (lower-case, digits, -)')),
          v.id,
        ),
        ...(v.version === undefined
          ? {}
          : {
              version: Number(
                field(
                  'version',
                  z.string().check(z.regex(/^[1-9]\d{0,5}$/, 'must be a version number (1, 2, …)')),
                  v.version,
                ),
              ),
            }),
      };
  }
};
