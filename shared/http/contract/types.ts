/** The shape of the contract: what one route takes and answers, in zod schemas. */
import type * as z from 'zod/mini';

/** A response of the contract: JSON (`json`) or a body of another media type (`media`). */
export interface ResponseContract {
  readonly description: string;
  readonly json?: z.ZodMiniType;
  /** A body that is not JSON, e.g. the report's `application/pdf`. */
  readonly media?: { readonly type: string; readonly description: string };
  /** Headers the response carries; `required` ones always. */
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly required?: boolean }>>;
}

/** A query parameter. */
export interface QueryParameter {
  readonly schema: z.ZodMiniType;
  readonly required: boolean;
  readonly description: string;
}

/** A request body: JSON with its schema, or raw bytes in one of `mediaTypes`. */
export type RequestBody =
  | { readonly description: string; readonly json: z.ZodMiniType }
  | { readonly description: string; readonly mediaTypes: readonly string[] };

/** What one route of shared/http/routes.ts takes and answers. */
export interface RouteContract {
  readonly summary: string;
  readonly description?: string;
  /** Groups the routes in the document (and in generated clients). */
  readonly tag: string;
  /** The path parameters: an object schema whose keys are the `{param}` segments. */
  readonly path?: z.ZodMiniObject;
  readonly query?: Readonly<Record<string, QueryParameter>>;
  readonly body?: RequestBody;
  /** Every status the route answers, and what with. */
  readonly responses: Readonly<Record<number, ResponseContract>>;
}
