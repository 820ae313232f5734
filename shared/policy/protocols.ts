/**
 * The twelve protocols a school's safety plan (veiligheidsplan) holds at least, as the PO- en VO-raad's
 * action plan lists them (shared/seeds/002). The codes (`id`) are stable API and stored data: a label may be
 * reworded, a code never changes. Plain data without zod, so that the web app can import it without bundling
 * zod.
 */

/**
 * Every protocol, in the order the action plan lists them: the order the API, the form and the report use.
 */
export const PROTOCOLS = [
  { id: 'internetgebruik', label: 'Internetgebruik' },
  { id: 'gedragscode', label: 'Gedragscode' },
  { id: 'pestprotocol', label: 'Pestprotocol' },
  { id: 'opvang-personeel', label: 'Opvang personeel na ernstige incidenten' },
  { id: 'opvang-leerlingen', label: 'Leerlingenopvang na een ernstige situatie' },
  { id: 'rouwverwerking', label: 'Rouwverwerking' },
  { id: 'registratie-agressie-geweld', label: 'Registratie agressie en geweld' },
  { id: 'ongevallenmelding', label: 'Ongevallenmelding' },
  { id: 'incidentenregistratie', label: 'Incidentenregistratie' },
  { id: 'medicijnverstrekking', label: 'Medicijnverstrekking en medisch handelen' },
  { id: 'toelating-verwijdering', label: 'Toelating en verwijdering' },
  { id: 'klachtenprocedure', label: 'Klachtenprocedure' },
] as const;

export type ProtocolCode = (typeof PROTOCOLS)[number]['id'];

/** The codes, in the list's order. */
export const PROTOCOL_CODES = PROTOCOLS.map((p) => p.id) as unknown as readonly [
  ProtocolCode,
  ...ProtocolCode[],
];

/**
 * Whether `code` is one of the protocols. A plain list search, never an object look-up, so that a code sent
 * as `__proto__` or `constructor` is simply unknown.
 */
export const isProtocolCode = (code: string): code is ProtocolCode =>
  (PROTOCOL_CODES as readonly string[]).includes(code);

/** The Dutch label of a protocol. */
export const protocolLabel = (code: ProtocolCode): string =>
  PROTOCOLS.find((p) => p.id === code)?.label ?? code;

/** The codes in the list's order, each once: how a policy stores them, whatever order they were sent in. */
export const inListOrder = (codes: readonly ProtocolCode[]): ProtocolCode[] =>
  PROTOCOL_CODES.filter((c) => codes.includes(c));
