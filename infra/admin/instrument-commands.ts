/**
 * `instrument put | list | show`: survey instrument definitions as data (shared/instruments/schema.ts), stored
 * as versions without a deploy. Only this CLI writes them; a definition is validated here, before anything is
 * stored, and again by the store on every read.
 */
import { readFileSync } from 'node:fs';
import { getInstrument, instruments as shippedInstruments } from '../../shared/instruments/catalog.js';
import { instrumentOf } from '../../shared/instruments/instrument-catalog.js';
import { instrumentSchema } from '../../shared/instruments/schema.js';
import { definitionProblems, type InstrumentSummary } from '../../shared/store/instruments.js';
import type { Stores } from '../../shared/store/stores.js';
import type { InstrumentCommand } from './instrument-args.js';
import { CommandError } from './run-command.js';

/** Who stores instruments: the operator, as the window commands name them. */
const OPERATOR_ID = 'operator';

/**
 * A definition file that is not a valid definition: every problem, by path, and nothing stored. A failed command
 * (exit 1), not a bad argument: the file was found and read.
 */
export class DefinitionRefusedError extends Error {
  override name = 'DefinitionRefusedError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file} is not a valid instrument definition (${problems.length} problem(s)); nothing stored`);
  }

  /** What the CLI prints: the summary, then one problem a line. */
  lines(): string[] {
    return [this.message, ...this.problems.map((p) => `  ${p}`)];
  }
}

/** Reads and validates a definition file; the `version` a file may carry (from `instrument show`) is the store's. */
const readDefinition = (file: string) => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CommandError(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DefinitionRefusedError(file, [`(file): not JSON: ${(err as Error).message}`]);
  }
  let ignoredVersion: unknown;
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && 'version' in json) {
    const { version, ...rest } = json as Record<string, unknown>;
    ignoredVersion = version;
    json = rest;
  }
  const parsed = instrumentSchema.safeParse(json);
  if (!parsed.success) throw new DefinitionRefusedError(file, definitionProblems(parsed.error.issues));
  return { definition: parsed.data, ignoredVersion };
};

/** The rows of `instrument list`, in columns. */
const table = (summaries: readonly InstrumentSummary[]): string[] => {
  const rows = [
    ['id', 'version', 'items', 'name', 'publisher', 'stored'],
    ...summaries.map((s) => [
      s.instrumentId,
      String(s.version),
      String(s.itemCount),
      s.name,
      s.publisher,
      `${s.putAt} by ${s.putBy}`,
    ]),
  ];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => r[c]?.length ?? 0))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd(),
  );
};

/** Runs an instrument command as the operator; an instrument or version that does not exist is a bad argument. */
export const runInstrumentCommand = async (
  store: Pick<Stores, 'instruments'>,
  command: InstrumentCommand,
  now: Date,
): Promise<string[]> => {
  switch (command.cmd) {
    case 'instrument put': {
      const { definition, ignoredVersion } = readDefinition(command.file);
      // A shipped instrument's file is its version 1: what the operator puts for that id follows it.
      const out = await store.instruments.put(
        definition,
        { at: now.toISOString(), by: OPERATOR_ID },
        getInstrument(definition.id),
      );
      return [
        ...(ignoredVersion === undefined
          ? []
          : [`the file's version ${JSON.stringify(ignoredVersion)} is ignored: the store numbers versions`]),
        out.status === 'created'
          ? `instrument ${definition.id} version ${out.version} stored`
          : `instrument ${definition.id} unchanged (version ${out.version})`,
      ];
    }
    case 'instrument list': {
      // The shipped instruments too, as version 1 "shipped", unless the operator stored a newer version.
      const stored = await store.instruments.list();
      const storedIds = new Set(stored.map((s) => s.instrumentId));
      const own = shippedInstruments
        .filter((i) => !storedIds.has(i.id))
        .map(
          (i): InstrumentSummary => ({
            instrumentId: i.id,
            version: 1,
            name: i.name,
            publisher: i.publisher,
            itemCount: i.items.length,
            putAt: 'shipped with msv',
            putBy: 'msv',
          }),
        );
      return table([...own, ...stored].sort((a, b) => a.instrumentId.localeCompare(b.instrumentId)));
    }
    case 'instrument show': {
      const found = await instrumentOf(store.instruments, command.instrumentId, command.version);
      if (!found) {
        throw new CommandError(
          command.version === undefined
            ? `instrument ${command.instrumentId} does not exist`
            : `instrument ${command.instrumentId} has no version ${command.version}`,
        );
      }
      return [JSON.stringify(found, null, 2)];
    }
  }
};
