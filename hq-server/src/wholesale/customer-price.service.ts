import { type CustomerPriceRow } from './wholesale.responses';
import { Injectable } from '@nestjs/common';
import { AuditService, dec, DomainException, isIsoDate, localToday, notFound, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { listAnswer } from '../settlement/list-output';
import { WholesaleRepository } from './wholesale.repository';
import { WholesalePriceService } from './wholesale-price.service';
import { WholesaleSupport } from './wholesale-support.service';
import { CustomerPriceDto, CustomerPriceQueryDto, PriceQuoteDto } from './wholesale.dto';
import { CustomerPrice } from './wholesale.entity';
import { WholesaleError } from './wholesale.errors';

/** 客户协议价: agreed prices per customer and product over a period; and the price a customer gets today. */
@Injectable()
export class CustomerPriceService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
    private readonly support: WholesaleSupport,
    private readonly prices: WholesalePriceService,
    private readonly repo: WholesaleRepository,
  ) {}

  async list(ctx: RequestContext, q: CustomerPriceQueryDto) {
    const page = await this.repo.contractPrices(ctx, q);
    return listAnswer<CustomerPriceRow>(q, {
      title: '客户协议价 contract prices',
      columns: [
        { key: 'customerCode', zh: '客户编码', en: 'customer code' },
        { key: 'customerName', zh: '客户', en: 'customer' },
        { key: 'productCode', zh: '商品编码', en: 'product code' },
        { key: 'productName', zh: '商品', en: 'product' },
        { key: 'price', zh: '协议价(含税)', en: 'price incl. tax', kind: 'qty' },
        { key: 'validFrom', zh: '生效日期', en: 'from' },
        { key: 'validTo', zh: '失效日期', en: 'to' },
      ],
      ...page,
    });
  }

  /** Creates or changes the price starting on `validFrom` for the customer and product. */
  async save(ctx: RequestContext, dto: CustomerPriceDto): Promise<CustomerPrice> {
    for (const [v, f] of [
      [dto.validFrom, 'validFrom'],
      [dto.validTo, 'validTo'],
    ] as const) {
      if (v !== undefined && !isIsoDate(v))
        throw new DomainException(WholesaleError.WHOLESALE_DATE_INVALID, `${v} is not a date / 日期无效`, [{ field: f, message: 'must be a real date' }]);
    }
    if (dto.validTo && dto.validTo < dto.validFrom)
      throw new DomainException(WholesaleError.WHOLESALE_DATE_INVALID, 'the end date is before the start date / 失效日期早于生效日期', [
        { field: 'validTo', message: 'before validFrom' },
      ]);
    return this.connection.withTransaction(ctx, async (tx) => {
      await this.support.customer(tx, dto.customerId);
      await this.support.products(tx, [dto.productId], () => 'productId');
      const repo = this.connection.repo(tx, CustomerPrice);
      const existing = await repo.findOne({ where: { customerId: dto.customerId, productId: dto.productId, validFrom: dto.validFrom } });
      const before = existing ? { price: existing.price, validTo: existing.validTo } : null;
      const row = existing ?? repo.create({ customerId: dto.customerId, productId: dto.productId, validFrom: dto.validFrom });
      Object.assign(row, { price: dec(dto.price).toString(), validTo: dto.validTo ?? null, updatedBy: tx.userId });
      await repo.save(row);
      await this.audit.record(tx, {
        entityType: 'customer_price',
        entityId: row.id,
        action: existing ? 'update' : 'create',
        before,
        after: { customerId: row.customerId, productId: row.productId, price: row.price, validFrom: row.validFrom, validTo: row.validTo },
      });
      return row;
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<{ id: string; deleted: true }> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const repo = this.connection.repo(tx, CustomerPrice);
      const row = await repo.findOne({ where: { id } });
      if (!row || ctx.storeId) throw notFound('contract price');
      await repo.delete({ id });
      await this.audit.record(tx, {
        entityType: 'customer_price',
        entityId: id,
        action: 'delete',
        before: { customerId: row.customerId, productId: row.productId, price: row.price, validFrom: row.validFrom, validTo: row.validTo },
      });
      return { id, deleted: true };
    });
  }

  /** The prices a customer gets on a day (what a new order line would take), with where each comes from. */
  async quote(ctx: RequestContext, q: PriceQuoteDto) {
    if (ctx.storeId) throw notFound('customer');
    const on = q.on ?? localToday();
    if (!isIsoDate(on)) throw new DomainException(WholesaleError.WHOLESALE_DATE_INVALID, `${on} is not a date / 日期无效`, [{ field: 'on', message: 'must be a real date' }]);
    const customer = await this.support.customer(ctx, q.customerId);
    await this.support.products(ctx, q.productIds, (i) => `productIds.${i}`);
    const prices = await this.prices.resolve(ctx, customer, q.productIds, on);
    return { customerId: customer.id, priceLevel: customer.priceLevel, on, items: q.productIds.flatMap((id) => prices.get(id) ?? []) };
  }
}
