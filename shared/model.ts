/**
 * The records msv keeps, as zod schemas: the types are inferred from them, so that what the admin CLI writes and
 * what the handlers read can never drift apart.
 */
import * as z from 'zod';
import {
  boardIdSchema,
  onderwijssoortSchema,
  schoolIdSchema,
  schoolYearSchema,
  sectorSchema,
} from './ids.js';

export const boardSchema = z.object({
  boardId: boardIdSchema,
  name: z.string().trim().min(1).max(200),
  /** The board's user administrators: they receive consent and reminder emails. */
  emails: z.array(z.email()).min(1).max(20),
  createdAt: z.iso.datetime({ offset: true }),
});
export type Board = z.infer<typeof boardSchema>;

export const schoolSchema = z
  .object({
    schoolId: schoolIdSchema,
    boardId: boardIdSchema,
    name: z.string().trim().min(1).max(200),
    sector: sectorSchema,
    /** Empty for primary and special-primary schools. */
    onderwijssoorten: z.array(onderwijssoortSchema),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .refine((s) => !['po', 'so'].includes(s.sector) || s.onderwijssoorten.length === 0, {
    message: 'primary schools (po, so) have no onderwijssoorten',
    path: ['onderwijssoorten'],
  });
export type School = z.infer<typeof schoolSchema>;

export const ROLES = ['school', 'board', 'vendor', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** A token as stored: never the token itself, only its SHA-256. */
export const tokenRecordSchema = z.object({
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Short public id (first 12 hex chars of the hash) used to name a token in the CLI and the audit trail. */
  tokenId: z.string().regex(/^[0-9a-f]{12}$/),
  role: roleSchema,
  /** role school: its own schools; role vendor: the schools it may upload for. */
  schoolIds: z.array(schoolIdSchema),
  /** role board: the board whose schools it may act for. */
  boardId: boardIdSchema.nullable(),
  label: z.string().max(200),
  createdAt: z.iso.datetime({ offset: true }),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type TokenRecord = z.infer<typeof tokenRecordSchema>;

/** Who is calling, as established by the authorizer. */
export interface Principal {
  tokenId: string;
  role: Role;
  schoolIds: readonly string[];
  boardId: string | null;
}

export const exportRecordSchema = z.object({
  exportId: z.string(),
  schoolId: schoolIdSchema,
  schoolYear: schoolYearSchema,
  instrument: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  rawKey: z.string(),
  respondents: z.number().int().nonnegative(),
  acceptedAt: z.iso.datetime({ offset: true }),
  uploadedBy: z.string(),
});
export type ExportRecord = z.infer<typeof exportRecordSchema>;

/** Append-only audit entry. `detail` holds no personal data. */
export interface AuditEntry {
  schoolId: string;
  schoolYear: string;
  at: string;
  actor: string;
  action: 'export_accepted' | 'export_rejected' | 'export_unchanged';
  detail: Record<string, unknown>;
}
