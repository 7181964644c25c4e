import { type WriteItem } from './catalog-writer';
import { CatalogError } from './catalog.errors';
import { CatalogService, type SaveInput } from './catalog.service';
import { type RequestContext } from '../common/request-context';

/**
 * 供应商 / 客户: the generic base-data service plus the rules of their settlement terms — columns with
 * a default never become empty, and a 联营 (concession) supplier carries its commission rate.
 */
export class PartyCatalogService extends CatalogService {
  protected override async check(
    _ctx: RequestContext,
    items: Array<{ input: SaveInput; item: WriteItem }>,
    fail: (ref: number, column: string, code: string, message: string) => void,
  ): Promise<void> {
    for (const { input, item } of items) {
      const a = item.after;
      for (const [key, value] of Object.entries(this.spec.defaults)) {
        if (value !== null && (a[key] === null || a[key] === undefined)) fail(input.ref, key, CatalogError.CATALOG_INVALID_INPUT, `${key} cannot be empty / 不能为空`);
      }
      if (this.spec.key === 'supplier' && a.settlementMode === 'concession' && (a.commissionRate === null || a.commissionRate === undefined)) {
        fail(input.ref, 'commissionRate', CatalogError.CATALOG_INVALID_INPUT, 'a concession (联营) supplier needs its commission rate / 联营供应商必须填写扣点');
      }
    }
  }
}
