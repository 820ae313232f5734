/** The arguments of `instrument put | list | show`: their shape only, without a table or a file. */
import { describe, expect, it } from 'vitest';
import { parseCommand, USAGE, UsageError } from '../../infra/admin/parse-args.js';

const parse = (line: string) => parseCommand(line.split(' ')).command;

describe('instrument command arguments', () => {
  it('parses put, list and show', () => {
    expect(parse('instrument put --file def.json')).toEqual({ cmd: 'instrument put', file: 'def.json' });
    expect(parse('instrument list')).toEqual({ cmd: 'instrument list' });
    expect(parse('instrument show --id msv-basis')).toEqual({
      cmd: 'instrument show',
      instrumentId: 'msv-basis',
    });
    expect(parse('instrument show --id msv-basis --version 12')).toEqual({
      cmd: 'instrument show',
      instrumentId: 'msv-basis',
      version: 12,
    });
    expect(USAGE).toContain('instrument put --file def.json');
  });

  it('names the option that is wrong, missing or not of the command', () => {
    const refused = (line: string, message: string) => {
      expect(() => parse(line)).toThrow(UsageError);
      expect(() => parse(line)).toThrow(message);
    };
    refused('instrument put', '--file is required');
    refused('instrument put --file a.json --id x', '--id is not an option of instrument put');
    refused('instrument list --version 2', '--version is not an option of instrument list');
    refused('instrument show', '--id is required');
    refused('instrument show --id MSV_Basis', '--id: must be an instrument id');
    refused('instrument show --id msv-basis --version 0', '--version: must be a version number');
    refused('instrument show --id msv-basis --version 1.5', '--version: must be a version number');
    refused('instrument show --id msv-basis --file a.json', '--file is not an option of instrument show');
  });
});
