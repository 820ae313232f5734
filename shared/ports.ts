/**
 * The ports through which handlers reach the world. Domain code depends on these interfaces only; the AWS adapters
 * live in functions/lib and are wired once per Lambda module.
 */
import type { Aggregates, ExportSummary } from './ingest/types.js';
import type { AuditEntry, Board, ExportRecord, School, TokenRecord } from './model.js';

export interface StoredExport {
  record: ExportRecord;
  summary: ExportSummary;
}

export interface CurrentExport extends StoredExport {
  aggregates: Aggregates;
}

export interface Store {
  getToken(tokenHash: string): Promise<TokenRecord | undefined>;
  putToken(token: TokenRecord): Promise<void>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(tokenHash: string, at: string): Promise<boolean>;

  getBoard(boardId: string): Promise<Board | undefined>;
  putBoard(board: Board): Promise<void>;
  getSchool(schoolId: string): Promise<School | undefined>;
  putSchool(school: School): Promise<void>;
  listSchoolsOfBoard(boardId: string): Promise<School[]>;

  getExport(schoolId: string, schoolYear: string, exportId: string): Promise<StoredExport | undefined>;
  /**
   * Stores an accepted export, its aggregates, the current-export pointer and an audit entry in one transaction.
   * Returns false (and writes nothing) when an export with this id already exists.
   */
  saveAcceptedExport(input: StoredExport & { aggregates: Aggregates; audit: AuditEntry }): Promise<boolean>;
  listExports(schoolId: string, schoolYear: string): Promise<StoredExport[]>;
  getCurrentExport(schoolId: string, schoolYear: string): Promise<CurrentExport | undefined>;
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(schoolId: string, schoolYear: string): Promise<AuditEntry[]>;
}

export interface ObjectStore {
  /** Writes an object; the bucket's default KMS key encrypts it. Idempotent for identical bytes. */
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
}
