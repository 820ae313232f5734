/** The shapes of the API answers the app reads (only the fields it uses). */
import type { SchoolState } from '../../shared/model.js';

export type Role = 'school' | 'board' | 'vendor' | 'admin';

export interface SchoolRef {
  schoolId: string;
  name: string;
  sector: 'po' | 'so' | 'vo' | 'vso';
  onderwijssoorten: string[];
  boardId?: string;
}

/** `GET /me`. */
export interface Me {
  role: Role;
  tokenId: string;
  label: string | null;
  allSchools: boolean;
  schools: SchoolRef[];
  board: { boardId: string; name: string | null } | null;
  today: string;
  schoolYear: string;
}

export interface Warning {
  code: string;
  message: string;
  messageNl?: string;
}

export interface ExportSummary {
  instrument: string;
  encoding: string;
  respondents: number;
  leerjaren: Record<string, number>;
  onderwijssoorten: Record<string, number>;
  groups: Array<{ onderwijssoort: string | null; leerjaar: number; respondents: number }>;
}

/** `GET /schools/{id}/years/{year}`. */
export interface SchoolYearOverview {
  school: SchoolRef & { boardId: string };
  schoolYear: string;
  currentExport: {
    exportId: string;
    instrument: string;
    acceptedAt: string;
    respondents: number;
    summary: ExportSummary;
  } | null;
  deadlineMissed: { messageNl: string } | null;
  consent: {
    status: 'active' | 'delivered';
    level: 'school' | 'onderwijssoort';
    deliveryDate: string;
    exportId: string;
    lastChangeDay: string | null;
    locked: boolean;
    newerExportAvailable: boolean;
    warnings: Warning[];
  } | null;
}

export interface Administration {
  surveyedLeerjaren: number[];
  period: { from: string; to: string };
  mode: 'online' | 'papier' | 'gemengd';
  anonymous: boolean;
  supervision: 'leerkracht' | 'mentor' | 'anders' | 'geen';
  studentCounts: Array<{ onderwijssoort?: string; leerjaar: number; students: number }>;
  remarks?: string;
}

export interface Consent {
  status: 'active' | 'revoked' | 'delivered';
  level: 'school' | 'onderwijssoort';
  deliveryDate: string;
  exportId: string;
  administration: Administration;
  updatedBy: string;
  updatedByName?: string;
  updatedAt: string;
  version: number;
}

/** `GET …/consent`. */
export interface ConsentView {
  consent: Consent | null;
  lastChangeDay: string | null;
  locked: boolean;
  newerExportAvailable: boolean;
  history: Array<{ at: string; actor: string; action: string; after: Consent }>;
}

/** `PUT …/consent`. */
export interface ConsentSaved {
  consent: Consent;
  lastChangeDay: string;
  warnings: Warning[];
  mail: 'sent' | 'failed';
}

/** `GET …/delivery`. */
export interface DeliveryView {
  delivery: {
    deliveryId: string;
    deliveryDate: string;
    deliveredAt: string;
    files: Array<{ name: string; sha256: string; bytes: number }>;
  };
  reportUrl: string | null;
}

/** The same states as the API's board overview: one definition, in shared/. */
export type { SchoolState } from '../../shared/model.js';

/** `GET /boards/{id}/years/{year}`. */
export interface BoardOverview {
  board: { boardId: string; name: string | null };
  schoolYear: string;
  today: string;
  deadline: string;
  counts: Record<string, number>;
  schools: Array<{
    schoolId: string;
    name: string;
    sector: string;
    state: SchoolState;
    respondents: number | null;
    deliveryDate: string | null;
    level: string | null;
    newerExportAvailable: boolean;
    advice?: string;
  }>;
}

export interface Instrument {
  id: string;
  name: string;
}
