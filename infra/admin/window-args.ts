/**
 * The arguments of `window open | close | list` (catch-up windows, shared/windows/catch-up-window.ts). What depends
 * on the day (the year not in the future, `--until` within its bounds) and on the table (the schools exist) is
 * checked when the command runs (window-commands.ts); here only the shape, so that it is tested without a table.
 */
import '../../shared/zod-locale.js';
import * as z from 'zod/mini';
import { schoolIdSchema, schoolYearSchema } from '../../shared/ids.js';
import { isIsoDate } from '../../shared/time/amsterdam.js';

/** The window commands, as parsed. */
export type WindowCommand =
  | { cmd: 'window open'; schoolYear: string; until: string; schoolIds: string[] | null; note?: string }
  | { cmd: 'window close'; schoolYear: string; windowId?: string }
  | { cmd: 'window list'; schoolYear?: string };

/** The usage lines of the window commands. */
export const WINDOW_USAGE = `  window open --year 2025-2026 --until 2026-09-01 [--school ID …] [--note "…"]
                                             (a catch-up window: after the year's 1 July, consent with a delivery
                                              date up to --until, inclusive, for the schools named or every school
                                              without a delivery; such a delivery is a nalevering)
  window close --year 2025-2026 [--id win_…] (ends the window named, or every open one of the year; consents
                                              given in it stay valid and deliver)
  window list [--year 2025-2026]             (open and closed windows, of the year or of every year)`;

/** The options the window commands read. */
export interface WindowOptions {
  year?: string;
  until?: string;
  school?: string[];
  note?: string;
  id?: string;
}

const WINDOW_ID = /^win_[0-9a-f]{12}$/;

/**
 * Parses a window command; `field` is the CLI's option parser (its error names the option), `usage` makes its
 * usage error.
 */
export const parseWindowCommand = (
  name: WindowCommand['cmd'],
  v: WindowOptions,
  field: <S extends z.ZodMiniType>(option: string, schema: S, value: unknown) => z.infer<S>,
  usage: (message: string) => Error,
): WindowCommand => {
  const unexpected = (option: keyof WindowOptions) => {
    if (v[option] !== undefined) throw usage(`--${option} is not an option of ${name}`);
  };
  switch (name) {
    case 'window open': {
      unexpected('id');
      const schoolIds = (v.school ?? [])
        .flatMap((s) => s.split(','))
        .map((s) => field('school', schoolIdSchema, s.trim()));
      return {
        cmd: name,
        schoolYear: field('year', schoolYearSchema, v.year),
        until: field(
          'until',
          z.string().check(z.refine(isIsoDate, 'must be a date written as YYYY-MM-DD')),
          v.until,
        ),
        schoolIds: schoolIds.length === 0 ? null : [...new Set(schoolIds)].sort(),
        ...(v.note === undefined
          ? {}
          : { note: field('note', z.string().check(z.trim(), z.minLength(1), z.maxLength(200)), v.note) }),
      };
    }
    case 'window close':
      unexpected('until');
      unexpected('school');
      unexpected('note');
      return {
        cmd: name,
        schoolYear: field('year', schoolYearSchema, v.year),
        ...(v.id === undefined
          ? {}
          : {
              windowId: field(
                'id',
                z.string().check(z.regex(WINDOW_ID, 'must be a window id (win_…)')),
                v.id,
              ),
            }),
      };
    case 'window list':
      unexpected('until');
      unexpected('school');
      unexpected('note');
      unexpected('id');
      return {
        cmd: name,
        ...(v.year === undefined ? {} : { schoolYear: field('year', schoolYearSchema, v.year) }),
      };
  }
};
