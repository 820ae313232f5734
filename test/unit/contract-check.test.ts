/**
 * The checker the tests' gateway runs on every answer (infra/local/contract-check.ts): it accepts what the
 * contract says and names everything else — an unknown status, another media type, a missing or an extra field,
 * a PDF that is not one, a required header left out.
 */
import { describe, expect, it } from 'vitest';
import { type ApiAnswer, contractCheck } from '../../infra/local/contract-check.js';
import { type RouteSpec, routes } from '../../shared/http/routes.js';

const check = contractCheck();
const route = (id: string) => routes.find((r) => r.id === id) as RouteSpec;
const json = (statusCode: number, body: unknown): ApiAnswer => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});
const me = {
  role: 'school',
  tokenId: '8c2b391f0028',
  label: null,
  person: null,
  allSchools: false,
  schools: [
    {
      schoolId: '22KC00',
      name: 'Voorbeeld College',
      sector: 'vo',
      onderwijssoorten: ['havo'],
      boardId: '41234',
      may: ['read', 'upload', 'consent'],
    },
  ],
  boards: [],
  board: null,
  today: '2026-03-02',
  schoolYear: '2025-2026',
};

describe('the contract check', () => {
  it('accepts an answer that fits, msv’s errors and API Gateway’s own', () => {
    expect(check(route('Me'), json(200, me))).toEqual([]);
    expect(check(route('Me'), json(401, { message: 'Unauthorized' }))).toEqual([]);
    expect(check(route('Me'), json(403, { message: 'Forbidden' }))).toEqual([]);
    expect(check(route('ListExports'), json(403, { code: 'forbidden', message: 'no' }))).toEqual([]);
  });

  it('names a status the route does not list, and another media type', () => {
    expect(check(route('Me'), json(418, {}))).toEqual([
      expect.stringMatching(/GET \/me → 418: .*no such status/),
    ]);
    expect(check(route('Me'), { ...json(200, me), headers: { 'content-type': 'text/html' } })).toEqual([
      expect.stringMatching(/content-type text\/html, the contract says application\/json/),
    ]);
  });

  it('names a missing field, a wrong value, an extra field and an undocumented error code', () => {
    const { today: _, ...withoutToday } = me;
    expect(check(route('Me'), json(200, withoutToday)).join('\n')).toMatch(/today/);
    expect(check(route('Me'), json(200, { ...me, role: 'teacher' })).join('\n')).toMatch(/role/);
    expect(check(route('Me'), json(200, { ...me, secret: 1 })).join('\n')).toMatch(
      /additional properties.*secret/,
    );
    expect(
      check(route('ListExports'), json(404, { code: 'not_delivered', message: 'x' })).length,
    ).toBeGreaterThan(0);
  });

  it('wants the report’s PDF and its data hash header', () => {
    const pdf = (body: Buffer, headers: Record<string, string> = { 'x-msv-data-sha256': 'ab' }) => ({
      statusCode: 200,
      headers: { 'content-type': 'application/pdf', ...headers },
      body,
    });
    expect(check(route('GetReport'), pdf(Buffer.from('%PDF-1.7\n')))).toEqual([]);
    expect(check(route('GetReport'), pdf(Buffer.from('<html>')))).toEqual([
      expect.stringMatching(/not a PDF/),
    ]);
    expect(check(route('GetReport'), pdf(Buffer.from('%PDF-1.7\n'), {}))).toEqual([
      expect.stringMatching(/no x-msv-data-sha256 header/),
    ]);
  });
});
