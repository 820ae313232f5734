/**
 * What in delivered data is finer than its level: keys that carry a leerjaar's (or, at level school, an
 * onderwijssoort's) figures, result aggregates of such a level, and sentences that name such a group. The
 * string check takes "leerjaar 3" for a group, so callers use exports with more than one leerjaar (the
 * single-leerjaar warning names the one leerjaar, and is delivered on purpose).
 */
const ONDERWIJSSOORT_WORD = /\b(pro|vmbo-b|vmbo-k|vmbo-gt|havo|vwo)\b/i;
const LEERJAAR_WORD = /leerjaar(\/groep)? \d/i;

/** The paths (`a.b.0.c`) in `value` that deliver something finer than `level`; empty when nothing is. */
export const finerThan = (value: unknown, level: 'school' | 'onderwijssoort'): string[] => {
  const finerKeys = new Set(['leerjaar', 'leerjaren', 'groups', 'studentCounts']);
  if (level === 'school') for (const k of ['onderwijssoort', 'onderwijssoorten']) finerKeys.add(k);
  const finerLevels = level === 'school' ? ['leerjaar', 'onderwijssoort'] : ['leerjaar'];
  const found: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'string') {
      if (LEERJAAR_WORD.test(v) || (level === 'school' && ONDERWIJSSOORT_WORD.test(v))) found.push(path);
    } else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, `${path}.${i}`);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        if (finerKeys.has(k)) found.push(at);
        else if (k === 'level' && typeof x === 'string' && finerLevels.includes(x)) found.push(at);
        else walk(x, at);
      }
    }
  };
  walk(value, '');
  return found;
};
