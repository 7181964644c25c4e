/**
 * Typed error codes and the one place that maps them to HTTP statuses.
 *
 * Each module declares its codes with `defineErrorCodes({ CODE: status })`; the returned object is
 * an enum-like map of code strings, and the statuses go into one registry read by the global
 * exception filter. Clients (and the transfer tool) branch on `code`, never on message text.
 */

export interface FieldError {
  /** dotted path of the field at fault, e.g. `lines.2.quantity` */
  field: string;
  message: string;
  /** row number for sheet imports (1-based, as the user sees it) */
  row?: number;
}

const statusByCode = new Map<string, number>();

export function defineErrorCodes<const T extends Record<string, number>>(codes: T): { readonly [K in keyof T]: K } {
  const out: Record<string, string> = {};
  for (const [code, status] of Object.entries(codes)) {
    const existing = statusByCode.get(code);
    if (existing !== undefined && existing !== status) {
      throw new Error(`error code ${code} registered twice with different statuses (${existing}, ${status})`);
    }
    statusByCode.set(code, status);
    out[code] = code;
  }
  return out as { readonly [K in keyof T]: K };
}

export function httpStatusOf(code: string): number {
  return statusByCode.get(code) ?? 500;
}

/** Codes every module may use. */
export const CommonError = defineErrorCodes({
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  INVALID_ID: 400,
  /** NUL or a lone surrogate in a body, query or path (common/text.ts) */
  INVALID_CHARACTER: 400,
  /** a JSON body nested deeper than MAX_JSON_DEPTH */
  JSON_TOO_DEEP: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PERMISSION_DENIED: 403,
  OUT_OF_SCOPE: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  DUPLICATE: 409,
  VERSION_CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  DOCUMENT_POSTED: 409,
  IDEMPOTENCY_MISMATCH: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  SERIALIZATION_RETRY: 409,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
});

export class DomainException extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly fields?: FieldError[],
    /** extra machine-readable facts, e.g. `{ productId, available }` for a stock shortage */
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainException';
  }

  get status(): number {
    return httpStatusOf(this.code);
  }
}

/** The refusal a check throws (a DomainException), or null when it passes; any other error goes on. */
export function refusalOf(check: () => unknown): DomainException | null {
  try {
    check();
    return null;
  } catch (e) {
    if (e instanceof DomainException) return e;
    throw e;
  }
}

export function notFound(what: string, id?: string): DomainException {
  return new DomainException(CommonError.NOT_FOUND, id ? `${what} ${id} not found / 未找到` : `${what} not found / 未找到`);
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: FieldError[];
  details?: Record<string, unknown>;
  requestId?: string;
}
