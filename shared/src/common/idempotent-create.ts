import type { RequestContext } from './request-context';
import { isUniqueViolation } from './sql';

/**
 * Creates a record at most once per idempotency key — the one place for "look the key up → create
 * in a transaction → on a unique violation, read what the concurrent twin wrote".
 *
 * - `key` absent (null/undefined/''): `create` runs as it is, nothing is looked up.
 * - `find` answers the record already written under the key (or null); it may throw
 *   IDEMPOTENCY_MISMATCH when the key was used for another body.
 * - `checkFirst` (default true): look the key up before creating — a plain retry answers at once.
 * - A unique violation (of `constraint` when named) while creating means a twin with the same key
 *   committed first: its record is the answer. Only outside an open transaction — inside one, the
 *   failed statement aborted it and nothing can be read any more, so the error goes up to whoever
 *   owns the transaction.
 */
export async function createOnce<T>(
  ctx: RequestContext,
  o: { key: string | null | undefined; find: (key: string) => Promise<T | null | undefined>; constraint?: string; checkFirst?: boolean },
  create: () => Promise<T>,
): Promise<T> {
  const key = o.key;
  if (!key) return create();
  if (o.checkFirst !== false) {
    const done = await o.find(key);
    if (done) return done;
  }
  const outside = !ctx.inTransaction;
  try {
    return await create();
  } catch (e) {
    if (outside && isUniqueViolation(e, o.constraint)) {
      const done = await o.find(key);
      if (done) return done;
    }
    throw e;
  }
}
