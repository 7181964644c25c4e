import { json, type NextFunction, type Request, type RequestHandler, type Response, urlencoded } from 'express';
import { CommonError, DomainException, type FieldError } from '../errors';
import { unsafeText, unsafeTextMessage } from '../text';

/**
 * The one door every request passes before routing, guards, pipes or a query (installed by
 * configureApp on both servers, the signed transfer API included):
 * - JSON bodies are bounded in size (BODY_LIMIT) and depth (MAX_JSON_DEPTH): class-validator,
 *   class-transformer and JSON.stringify recurse, and a body nested thousands of levels deep
 *   overflowed the stack (a 500) before any rule ran;
 * - no text anywhere in a body, the query string or the path may hold NUL or a lone surrogate
 *   (common/text.ts): PostgreSQL cannot store them and answered 500;
 * - no body key may be `__proto__`, `constructor` or `prototype`: class-transformer drops them
 *   without a word, so they slipped past "unknown fields are refused", and they are the keys of
 *   prototype pollution wherever a body is merged into an object.
 * Refusals are 400s naming the field. The JSON parser keeps the bytes as received (`rawBody`):
 * a signed transfer request is verified against exactly those bytes, untouched by this check.
 */

/** Deepest nesting of objects/arrays a JSON body may have (the deepest real body, a push, has 5). */
export const MAX_JSON_DEPTH = 32;

export type RawBodyRequest = Request & { rawBody?: Buffer };

/** Keys no body may use (see above). */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A JSON value's first problem: nested deeper than maxDepth, or (checkText) a text value that cannot
 * be stored or a key that is refused. Prototype keys are always looked for (a cheap Set lookup).
 */
export function inspectJson(value: unknown, maxDepth = MAX_JSON_DEPTH, checkText = true): 'depth' | 'text' | null {
  if (typeof value === 'string') return checkText && unsafeText(value) ? 'text' : null;
  if (value === null || typeof value !== 'object') return null;
  // iterative, containers only (texts are checked where they are met): the point is to survive
  // what recursion does not, and to stay cheap on a large push (~40k containers: a few ms)
  const containers: object[] = [value];
  const depths: number[] = [1];
  while (containers.length) {
    const v = containers.pop()!;
    const depth = depths.pop()!;
    if (depth > maxDepth) return 'depth';
    const items: unknown[] = Array.isArray(v) ? v : Object.values(v);
    if (!Array.isArray(v)) for (const k of Object.keys(v)) if (PROTOTYPE_KEYS.has(k) || (checkText && unsafeText(k))) return 'text';
    for (let i = 0; i < items.length; i++) {
      const x = items[i];
      if (typeof x === 'string') {
        if (checkText && unsafeText(x)) return 'text';
      } else if (x !== null && typeof x === 'object') {
        containers.push(x);
        depths.push(depth + 1);
      }
    }
  }
  return null;
}

interface Refused {
  fields: FieldError[];
  /** a text that cannot be stored (else only refused keys) */
  text: boolean;
}

/** The fields at fault, named like validation errors (`lines.2.name`); called once depth is bounded. */
export function refusedFields(value: unknown, prefix = '', out: Refused = { fields: [], text: false }, limit = 20): Refused {
  const at = (key: string) => (prefix ? `${prefix}.${key}` : key);
  if (out.fields.length >= limit) return out;
  if (typeof value === 'string') {
    const why = unsafeText(value);
    if (why) {
      out.fields.push({ field: prefix || 'body', message: unsafeTextMessage(why) });
      out.text = true;
    }
  } else if (Array.isArray(value)) {
    value.forEach((x, i) => refusedFields(x, at(String(i)), out, limit));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, x] of Object.entries(value)) {
      const why = unsafeText(k);
      if (PROTOTYPE_KEYS.has(k)) out.fields.push({ field: at(k), message: `the field name ${k} is not allowed / 不允许的字段名` });
      else if (why) {
        out.fields.push({ field: at(JSON.stringify(k).slice(1, -1)), message: `the field name ${unsafeTextMessage(why)}` });
        out.text = true;
      } else refusedFields(x, at(k), out, limit);
    }
  }
  return out;
}

function refusal({ fields, text }: Refused, where: string): DomainException {
  const names = fields
    .map((f) => f.field)
    .slice(0, 5)
    .join(', ');
  if (!text) return new DomainException(CommonError.VALIDATION_FAILED, `invalid input / 输入有误: ${names}`, fields);
  return new DomainException(CommonError.INVALID_CHARACTER, `${where} holds text that cannot be stored / ${where}含有无法保存的字符: ${names}`, fields);
}

/**
 * JSON text can only carry NUL or a lone surrogate as a `\u` escape (raw control characters are
 * invalid JSON, and the UTF-8 decoder turns invalid bytes into U+FFFD): a body without `\u0000`,
 * `\ud…` or `\uD…` needs no text walk — the common case, and a large push stays a native scan.
 */
function mayHoldUnsafeText(raw: Buffer | undefined): boolean {
  if (!raw) return true;
  return raw.includes('\\u0000') || raw.includes('\\ud') || raw.includes('\\uD');
}

/** Refusal of a parsed body, or null: depth first (before anything recurses into it), then text. */
export function checkBody(body: unknown, raw?: Buffer): DomainException | null {
  if (body === null || typeof body !== 'object') {
    if (typeof body === 'string' && unsafeText(body)) return refusal(refusedFields(body), 'the body');
    return null;
  }
  const problem = inspectJson(body, MAX_JSON_DEPTH, mayHoldUnsafeText(raw));
  if (problem === 'depth') {
    return new DomainException(CommonError.JSON_TOO_DEEP, `the body is nested deeper than ${MAX_JSON_DEPTH} levels / 请求体嵌套层数超过 ${MAX_JSON_DEPTH} 层`, [
      { field: 'body', message: `nested deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  }
  if (problem === 'text') return refusal(refusedFields(body), 'the body');
  return null;
}

/** Refusal of a query string's keys and values, or null (the fields are the parameter names). */
export function checkQuery(query: unknown): DomainException | null {
  const problem = query && typeof query === 'object' ? inspectJson(query) : null;
  if (!problem) return null;
  if (problem === 'depth') {
    return new DomainException(CommonError.JSON_TOO_DEEP, `the query string is nested deeper than ${MAX_JSON_DEPTH} levels / 查询参数嵌套过深`, [
      { field: 'query', message: 'nested too deep' },
    ]);
  }
  return refusal(refusedFields(query), 'the query string');
}

/** Refusal of a request path whose segments do not decode, or decode to unsafe text (path parameters). */
export function checkPath(path: string): DomainException | null {
  const segments = path.split('/');
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (!s.includes('%')) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      return new DomainException(CommonError.INVALID_CHARACTER, 'the path is not valid percent-encoded UTF-8 / 路径编码错误', [
        { field: `path[${i}]`, message: 'malformed percent-encoding' },
      ]);
    }
    const why = unsafeText(decoded);
    if (why) return refusal({ fields: [{ field: `path[${i}]`, message: unsafeTextMessage(why) }], text: true }, 'the path');
  }
  return null;
}

/** Body-parser failures become coded errors (MALFORMED_JSON, PAYLOAD_TOO_LARGE) instead of generic 400s. */
function parserWithCodes(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) =>
    parser(req, res, (err?: unknown) => {
      if (!err) return next(checkBody(req.body, (req as RawBodyRequest).rawBody) ?? undefined);
      const e = err as { type?: string; status?: number };
      if (e.type === 'entity.parse.failed') return next(new DomainException(CommonError.MALFORMED_JSON, 'the body is not valid JSON / 请求体不是合法的 JSON'));
      if (e.type === 'entity.too.large') return next(new DomainException(CommonError.PAYLOAD_TOO_LARGE, 'the body is too large / 请求体过大'));
      if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
        return next(new DomainException(CommonError.UNSUPPORTED_MEDIA_TYPE, 'unsupported body encoding / 不支持的编码'));
      return next(new DomainException(CommonError.BAD_REQUEST, 'the request body could not be read / 无法读取请求体'));
    });
}

/** The middlewares configureApp installs, in order: JSON body, form body, then query and path. */
export function inputGuards(bodyLimit: string): RequestHandler[] {
  return [
    // the bytes as received stay beside the parsed body (`rawBody`): a signed request is checked
    // against them instead of serialising a large parsed body again
    parserWithCodes(json({ limit: bodyLimit, verify: (req, _res, buf) => void ((req as RawBodyRequest).rawBody = buf) })),
    parserWithCodes(urlencoded({ limit: bodyLimit, extended: false })),
    (req: Request, _res: Response, next: NextFunction) => next(checkPath(req.path) ?? checkQuery(req.query) ?? undefined),
  ];
}
