import { Injectable } from '@nestjs/common';
import { Category } from './catalog.entity';
import { queryRows } from '../common/sql';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { SelectQueryBuilder } from 'typeorm';
import { CatalogWriter, WriteItem } from './catalog-writer';
import { CatalogError } from './catalog.errors';
import { CatalogListQuery, CatalogService, SaveInput } from './catalog.service';
import { CATEGORY_SPEC } from './catalog.definitions';

export interface CategoryListQuery extends CatalogListQuery {
  parentId?: string;
  /** a node and everything under it */
  within?: string;
  rootsOnly?: boolean;
}

/**
 * 类别: a tree of any depth. `path` (root → node ids) is kept by this service: moving a node keeps
 * every code and rewrites the paths of its subtree, each rewritten row getting a new row version.
 */
@Injectable()
export class CategoryService extends CatalogService<Category> {
  constructor(connection: TransactionalConnection, writer: CatalogWriter) {
    super(CATEGORY_SPEC, connection, writer);
  }

  protected override filter(_ctx: RequestContext, qb: SelectQueryBuilder<Category>, q: CategoryListQuery): void {
    if (q.parentId) qb.andWhere('t.parent_id = :parent', { parent: q.parentId });
    if (q.within) qb.andWhere(':within = ANY(t.path)', { within: q.within });
    if (q.rootsOnly) qb.andWhere('t.parent_id IS NULL');
  }

  protected override async check(
    ctx: RequestContext,
    items: Array<{ input: SaveInput; item: WriteItem }>,
    fail: (ref: number, column: string, code: string, message: string) => void,
  ): Promise<void> {
    const parentIds = [...new Set(items.map((x) => x.item.after.parentId as string | null).filter((p): p is string => !!p))];
    const stored = new Map(
      (parentIds.length
        ? await queryRows<{ id: string; path: string[] }>(this.connection.manager(ctx), 'SELECT id, path FROM category WHERE id = ANY($1::uuid[])', [parentIds])
        : []
      ).map((r) => [r.id, r.path]),
    );
    // parents written earlier in the same batch count too (an import lists parents first)
    const batch = new Map<string, string[]>();
    for (const { input, item } of items) {
      const parentId = item.after.parentId as string | null;
      const parentPath = parentId ? (batch.get(parentId) ?? stored.get(parentId)) : [];
      if (parentId && !parentPath) {
        fail(input.ref, 'parentId', CatalogError.CATALOG_UNKNOWN_REFERENCE, 'parent category does not exist / 上级类别不存在');
        continue;
      }
      if (parentId === item.id || parentPath!.includes(item.id)) {
        fail(input.ref, 'parentId', CatalogError.CATALOG_CATEGORY_CYCLE, 'a category cannot move under itself / 类别不能移到自己的下级');
        continue;
      }
      item.after.path = [...parentPath!, item.id];
      batch.set(item.id, item.after.path as string[]);
    }
  }

  /** A moved node takes its subtree along: descendants' paths get the new prefix. */
  protected override async afterWrite(ctx: RequestContext, items: WriteItem[]): Promise<void> {
    const moved = items.filter((i) => i.before && JSON.stringify(i.before.path) !== JSON.stringify(i.after.path));
    for (const i of moved) {
      const oldPath = i.before!.path as string[];
      const rows = await queryRows<{ id: string; old_path: string[]; path: string[] }>(
        this.connection.manager(ctx),
        `UPDATE category c SET path = $1::uuid[] || c.path[$2 + 1:], row_version = c.row_version + 1, updated_at = now()
           FROM category o WHERE o.id = c.id AND $3 = ANY(c.path) AND c.id <> $3 RETURNING c.id, o.path AS old_path, c.path`,
        [i.after.path, oldPath.length, i.id],
      );
      await this.writer.audit(
        ctx,
        'category',
        rows.map((r) => ({ i: { id: r.id, before: { path: r.old_path }, after: { path: r.path } }, action: 'move' })),
        `subtree of ${i.id} moved`,
      );
    }
  }
}
