import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { AuditLog, FieldChange } from './documents.entity';

export interface AuditEntry {
  entityType: string;
  entityId: string;
  action: string;
  reason?: string | null;
  before?: object | null;
  after?: object | null;
  /** fields never written to the trail (secrets, derived values) */
  omit?: string[];
}

const ALWAYS_OMIT = new Set(['passwordHash', 'password', 'rowVersion', 'updatedAt', 'createdAt']);

/** Field-level before/after of two snapshots; values compared by their JSON form (exact decimals are strings). */
export function diffFields(before: object | null | undefined, after: object | null | undefined, omit: string[] = []): FieldChange[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  const changes: FieldChange[] = [];
  for (const field of keys) {
    if (ALWAYS_OMIT.has(field) || omit.includes(field)) continue;
    const bv = normalise(b[field]);
    const av = normalise(a[field]);
    if (bv === undefined && av === undefined) continue;
    if (typeof bv === 'object' || typeof av === 'object' ? JSON.stringify(bv) !== JSON.stringify(av) : bv !== av) {
      changes.push({ field, before: bv ?? null, after: av ?? null });
    }
  }
  return changes;
}

function normalise(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object' && 'toFixed' in v && typeof (v as { toString: unknown }).toString === 'function') return String(v);
  return v;
}

/** The audit trail, written in the caller's transaction so a rolled-back change leaves no entry. */
@Injectable()
export class AuditService {
  constructor(private readonly connection: TransactionalConnection) {}

  async record(ctx: RequestContext, entry: AuditEntry): Promise<void> {
    const changes = entry.action === 'create' && !entry.before ? diffFields({}, entry.after, entry.omit) : diffFields(entry.before, entry.after, entry.omit);
    await this.connection.repo(ctx, AuditLog).insert({
      userId: ctx.userId,
      username: ctx.user?.username ?? null,
      orgUnitId: ctx.user?.orgUnitId ?? null,
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      reason: entry.reason ?? null,
      changes: changes as never,
      requestId: ctx.requestId ?? null,
    });
  }
}
