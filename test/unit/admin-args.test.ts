import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../../infra/admin/parse-args.js';

const parse = (line: string) =>
  parseCommand(line.match(/"[^"]*"|\S+/g)?.map((a) => a.replace(/^"|"$/g, '')) ?? []);

describe('admin CLI arguments', () => {
  it('parses the documented commands', () => {
    expect(
      parse('board create --id 41234 --name "Stichting X" --email a@b.nl --email c@d.nl').command,
    ).toEqual({
      cmd: 'board create',
      boardId: '41234',
      name: 'Stichting X',
      emails: ['a@b.nl', 'c@d.nl'],
    });
    expect(
      parse('school create --id 22KC00 --board 41234 --name "VC" --sector vo --onderwijssoorten havo,vwo')
        .command,
    ).toEqual({
      cmd: 'school create',
      schoolId: '22KC00',
      boardId: '41234',
      name: 'VC',
      sector: 'vo',
      onderwijssoorten: ['havo', 'vwo'],
    });
    expect(parse('token create --role vendor --school 22KC00 --school 12AB00').command).toMatchObject({
      role: 'vendor',
      schoolIds: ['22KC00', '12AB00'],
      boardId: null,
    });
    expect(parse('token create --role board --board 41234').command).toMatchObject({
      role: 'board',
      boardId: '41234',
    });
    expect(parse('token revoke --id 0123456789ab').command).toEqual({
      cmd: 'token revoke',
      tokenId: '0123456789ab',
      token: undefined,
    });
    expect(parse('token list --target aws --outputs out.json').target).toEqual({
      kind: 'aws',
      outputs: 'out.json',
    });
  });

  it.each([
    ['board create --id 4123 --name X --email a@b.nl', /--id: board id must be 5 digits/],
    ['board create --id 41234 --name X --email nope', /--email: must be an email address/],
    ['board create --id 41234 --email a@b.nl', /--name is required/],
    ['school create --id 22kc00 --board 41234 --name X --sector vo', /--id: school id must be a BRIN/],
    ['school create --id 22KC00 --board 41234 --name X --sector mbo', /--sector/],
    [
      'school create --id 22KC00 --board 41234 --name X --sector vo --onderwijssoorten havo,mbo',
      /--onderwijssoorten/,
    ],
    [
      'school create --id 22KC00 --board 41234 --name X --sector po --onderwijssoorten havo',
      /primary schools/,
    ],
    ['token create --role school', /--school is required for role school/],
    ['token create --role board', /--board is required for role board/],
    ['token create --role admin --school 22KC00', /--school is not for role admin/],
    ['token create --role root', /--role/],
    ['token revoke', /exactly one of --id or --token/],
    ['board create --id 41234 --bogus', /bogus/],
    ['school delete --id 22KC00', /unknown command "school delete"/],
    ['token list --target azure', /--target must be local or aws/],
  ])('%s → usage error', (line, message) => {
    expect(() => parse(line)).toThrow(UsageError);
    expect(() => parse(line)).toThrow(message);
  });
});

describe('admin CLI arguments for reminders, board updates and the bulk upload', () => {
  it('parses board update, reminders run and upload', () => {
    expect(parse('board update --id 41234 --reminders off').command).toEqual({
      cmd: 'board update',
      boardId: '41234',
      reminders: false,
    });
    expect(parse('board update --id 41234 --name "Stichting Y" --email a@b.nl').command).toEqual({
      cmd: 'board update',
      boardId: '41234',
      name: 'Stichting Y',
      emails: ['a@b.nl'],
    });
    expect(parse('reminders run --date 2026-06-17').command).toEqual({
      cmd: 'reminders run',
      date: '2026-06-17',
    });
    expect(parse('reminders run').command).toEqual({ cmd: 'reminders run', date: undefined });
    expect(parse('upload --dir exports --year 2025-2026 --instrument msv-basis').command).toEqual({
      cmd: 'upload',
      dir: 'exports',
      schoolYear: '2025-2026',
      instrument: 'msv-basis',
      api: undefined,
      token: undefined,
      concurrency: 4,
    });
  });

  it.each([
    ['board update --id 41234', /at least one of --reminders/],
    ['board update --id 41234 --reminders maybe', /--reminders: must be on or off/],
    ['reminders run --date 2026-02-30', /--date: must be a date/],
    ['upload --dir x --year 2025-2027 --instrument msv-basis', /--year/],
    [
      'upload --dir x --year 2025-2026 --instrument msv-basis --concurrency 100',
      /--concurrency: must be 1 to 16/,
    ],
    ['upload --dir x --year 2025-2026 --instrument msv-basis --target aws', /needs both --api and --token/],
    ['upload --year 2025-2026 --instrument msv-basis', /--dir is required/],
  ])('refuses %s', (line, message) => {
    expect(() => parse(line)).toThrow(UsageError);
    expect(() => parse(line)).toThrow(message);
  });
});

describe('admin CLI arguments for a board’s people', () => {
  it('parses people invite (default role gebruikersbeheerder), list, remove and withdraw', () => {
    expect(
      parse('people invite --board 41234 --email " Bea@Bestuur.NL " --name "Bea de Beheerder"').command,
    ).toEqual({
      cmd: 'people invite',
      boardId: '41234',
      request: { email: 'bea@bestuur.nl', name: 'Bea de Beheerder', role: 'gebruikersbeheerder' },
    });
    expect(
      parse(
        'people invite --board 41234 --email s@school.nl --name Sanne --role schoolleider --school 22KC00',
      ).command,
    ).toEqual({
      cmd: 'people invite',
      boardId: '41234',
      request: { email: 's@school.nl', name: 'Sanne', role: 'schoolleider', schoolId: '22KC00' },
    });
    expect(
      parse('people invite --board 41234 --email b@b.nl --name B --role bestuurder').command,
    ).toMatchObject({
      request: { role: 'bestuurder' },
    });
    expect(parse('people list --board 41234').command).toEqual({ cmd: 'people list', boardId: '41234' });
    expect(parse('people remove --board 41234 --sub 1b4e28ba-2fa1-11d2-883f-0016d3cca427').command).toEqual({
      cmd: 'people remove',
      boardId: '41234',
      sub: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
    });
    expect(parse('people remove --board 41234 --email Mo@School.nl').command).toEqual({
      cmd: 'people remove',
      boardId: '41234',
      email: 'mo@school.nl',
    });
    expect(parse('people withdraw --board 41234 --invitation 0123456789ab').command).toEqual({
      cmd: 'people withdraw',
      boardId: '41234',
      invitationId: '0123456789ab',
    });
  });

  it.each([
    ['people invite --email a@b.nl --name A', /--board is required/],
    ['people invite --board 4123 --email a@b.nl --name A', /--board: board id must be 5 digits/],
    ['people invite --board 41234 --name A', /--email is required/],
    ['people invite --board 41234 --email nope --name A', /--email: must be an email address/],
    ['people invite --board 41234 --email a@b.nl --email c@d.nl --name A', /--email is given more than once/],
    ['people invite --board 41234 --email a@b.nl', /--name is required/],
    ['people invite --board 41234 --email a@b.nl --name " "', /--name: must not be empty/],
    ['people invite --board 41234 --email a@b.nl --name A --role admin', /--role must be one of/],
    ['people invite --board 41234 --email a@b.nl --name A --role schoolleider', /--school is required/],
    ['people invite --board 41234 --email a@b.nl --name A --role medewerker', /--school is required/],
    ['people invite --board 41234 --email a@b.nl --name A --school 22KC00', /--school is not for role/],
    [
      'people invite --board 41234 --email a@b.nl --name A --role medewerker --school 22kc00',
      /--school: school id must be a BRIN/,
    ],
    [
      'people invite --board 41234 --email a@b.nl --name A --role medewerker --school 22KC00 --school 12AB00',
      /--school is given more than once/,
    ],
    ['people list', /--board is required/],
    ['people remove --board 41234', /exactly one of --sub or --email/],
    ['people remove --board 41234 --sub x --email a@b.nl', /exactly one of --sub or --email/],
    ['people remove --board 41234 --sub a/b', /--sub: must be a person's id/],
    ['people remove --board 41234 --email nope', /--email: must be an email address/],
    ['people withdraw --board 41234 --invitation xyz', /--invitation: must be an invitation id/],
    ['people add --board 41234', /unknown command "people add"/],
  ])('refuses %s', (line, message) => {
    expect(() => parse(line)).toThrow(UsageError);
    expect(() => parse(line)).toThrow(message);
  });
});
