/**
 * Writes the sample exports in events/exports deterministically (a seeded generator, no randomness):
 * `npx tsx test/support/sample-exports.ts`. The files are committed; this script documents how they were made.
 */
import { writeFileSync } from 'node:fs';
import { getInstrument } from '../../shared/instruments/catalog.js';

const dir = new URL('../../events/exports/', import.meta.url);

/** Park–Miller LCG: the same numbers on every machine. */
const rng = (seed: number) => () => {
  seed = (seed * 48271) % 2147483647;
  return seed / 2147483647;
};

const answersFor = (instrumentId: string, next: () => number, withBlanks: boolean): string[] => {
  const inst = getInstrument(instrumentId);
  if (!inst) throw new Error(instrumentId);
  return inst.items.map((item) => {
    const r = next();
    if (withBlanks && r < 0.03) return '';
    if (withBlanks && r < 0.06 && item.notApplicable.length > 0)
      return item.notApplicable[item.notApplicable.length - 1] as string;
    // Skew towards the favourable end, as real surveys do.
    const favourable = item.reversed ? 1 : item.scale.points;
    const v =
      next() < 0.6
        ? favourable + (item.reversed ? 1 : -1) * Math.floor(next() * 2)
        : 1 + Math.floor(next() * item.scale.points);
    return String(Math.min(item.scale.points, Math.max(1, v)));
  });
};

const codes = (id: string) => (getInstrument(id)?.items ?? []).map((i) => i.code);

const write = (name: string, bytes: Uint8Array) => writeFileSync(new URL(name, dir), bytes);

/** Windows-1252 for the characters we use (ASCII plus é and no-break space). */
const cp1252 = (text: string) =>
  Uint8Array.from(text, (c) => (c === 'é' ? 0xe9 : c === '\u00a0' ? 0xa0 : c.charCodeAt(0)));

// Excel on Dutch Windows: semicolons, Windows-1252, CRLF, headers with odd case and spaces.
{
  const next = rng(1);
  const header = [
    ' Respondentnummer ',
    'Leerjaar',
    'Onderwijssoort ',
    ...codes('msv-basis').map((c) => c.toUpperCase()),
  ];
  const lines = [header.join(';')];
  let n = 0;
  for (const os of ['HAVO', 'VWO']) {
    for (let lj = 1; lj <= 4; lj++) {
      for (let k = 0; k < 5; k++) {
        n++;
        // A no-break space after some leerjaren, as Excel leaves behind; an é in some respondent ids.
        const leerjaar = n % 7 === 0 ? `${lj}\u00a0` : String(lj);
        lines.push(
          [
            `resp-${n % 9 === 0 ? 'é' : ''}${String(n).padStart(3, '0')}`,
            leerjaar,
            os,
            ...answersFor('msv-basis', next, true),
          ].join(';'),
        );
      }
    }
  }
  write('vo-excel-windows-1252.csv', cp1252(`${lines.join('\r\n')}\r\n`));
}

// UTF-8 with BOM, commas, every field quoted, one id containing a comma.
{
  const next = rng(2);
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = [['respondent', 'leerjaar', 'onderwijssoort', ...codes('msv-basis')].map(q).join(',')];
  for (let n = 1; n <= 30; n++) {
    const id = n === 3 ? 'R,003' : `R${n}`;
    lines.push(
      [id, String(1 + (n % 3)), n % 2 ? 'havo' : 'vwo', ...answersFor('msv-basis', next, false)]
        .map(q)
        .join(','),
    );
  }
  write(
    'vo-utf8-bom-comma.csv',
    new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(`${lines.join('\n')}\n`, 'utf8')]),
  );
}

// Primary school: UTF-16LE with BOM, tabs, a `groep` column written as "groep 7", no onderwijssoort column.
{
  const next = rng(3);
  const lines = [['Respondent', 'Groep', ...codes('msv-basis')].join('\t')];
  for (let n = 1; n <= 24; n++)
    lines.push([String(n), `groep ${5 + (n % 4)}`, ...answersFor('msv-basis', next, true)].join('\t'));
  write('po-utf16.csv', new Uint8Array([0xff, 0xfe, ...Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf16le')]));
}

// Wrong answers: 7 on a 4-point item (line 3), "x" (line 5), a duplicate respondent (line 6), leerjaar 9 (line 7).
{
  const next = rng(4);
  const header = ['respondent', 'leerjaar', 'onderwijssoort', ...codes('msv-basis')];
  const rows = Array.from({ length: 8 }, (_, i) => [
    `r${i + 1}`,
    '2',
    'havo',
    ...answersFor('msv-basis', next, false),
  ]);
  (rows[1] as string[])[3] = '7';
  (rows[3] as string[])[8] = 'x';
  (rows[4] as string[])[0] = 'r1';
  (rows[5] as string[])[1] = '9';
  write(
    'vo-wrong-answers.csv',
    Buffer.from(`${[header, ...rows].map((r) => r.join(';')).join('\n')}\n`, 'utf8'),
  );
}

// The 5-point instrument.
{
  const next = rng(5);
  const lines = [['respondent', 'leerjaar', 'onderwijssoort', ...codes('msv-vijfpunts')].join(';')];
  for (let n = 1; n <= 20; n++)
    lines.push(
      [
        `v${n}`,
        String(1 + (n % 2)),
        n % 2 ? 'havo' : 'vwo',
        ...answersFor('msv-vijfpunts', next, false),
      ].join(';'),
    );
  write('vo-five-point.csv', Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
}

// A PDF uploaded by mistake (the report, say): its signature and some bytes. Binary, and not a workbook.
write('binary.bin', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'));
