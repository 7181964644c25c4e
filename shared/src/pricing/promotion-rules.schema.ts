import { ApiProperty, ApiPropertyOptional, getSchemaPath, type ApiPropertyOptions } from '@nestjs/swagger';
import type { BundleRules, BuyGetRules, ItemScope, NthDiscountRules, PercentOffRules, PointsRules, SpecialPriceRules, SpendSaveRules } from './promotion.rules';

/**
 * The OpenAPI schemas of a promotion's `rules` (promotion.rules.ts, one shape per kind): the
 * promotion row, its replica at the stores and the snapshot kept on a sale answer them the same way.
 * `ruleFaults` is what checks them; these only describe them.
 */

const MONEY = { type: String, pattern: '^\\d{1,13}(\\.\\d{1,2})?$' } as const;
const QTY = { type: String, pattern: '^\\d{1,12}(\\.\\d{1,3})?$' } as const;
const PERCENT = { type: String, pattern: '^\\d{1,3}(\\.\\d{1,2})?$' } as const;
const IDS = { type: String, format: 'uuid', isArray: true } as const;

export class PromotionItemScopeSchema implements ItemScope {
  @ApiPropertyOptional({ ...IDS, description: 'these products' }) productIds?: string[];
  @ApiPropertyOptional({ ...IDS, description: 'these categories and their descendants' }) categoryIds?: string[];
  @ApiPropertyOptional({ ...IDS, description: 'these brands' }) brandIds?: string[];
}

export class SpecialPriceItemSchema {
  @ApiProperty({ type: String, format: 'uuid' }) productId: string;
  @ApiProperty(MONEY) price: string;
  @ApiPropertyOptional({ ...QTY, nullable: true, description: 'at most this many per basket at the price' }) maxQuantity?: string | null;
}

/** 特价 */
export class SpecialPriceRulesSchema implements SpecialPriceRules {
  @ApiProperty({ type: () => SpecialPriceItemSchema, isArray: true }) items: SpecialPriceItemSchema[];
}

/** 折扣 */
export class PercentOffRulesSchema implements PercentOffRules {
  @ApiProperty({ type: () => PromotionItemScopeSchema }) scope: PromotionItemScopeSchema;
  @ApiProperty({ ...PERCENT, description: 'percent off ("20" = 8折)' }) percent: string;
}

export class SpendSaveTierSchema {
  @ApiProperty(MONEY) spend: string;
  @ApiProperty(MONEY) save: string;
}

/** 满减 */
export class SpendSaveRulesSchema implements SpendSaveRules {
  @ApiProperty({ type: () => PromotionItemScopeSchema }) scope: PromotionItemScopeSchema;
  @ApiProperty({ type: () => SpendSaveTierSchema, isArray: true, description: 'the highest step reached applies' }) tiers: SpendSaveTierSchema[];
}

export class BuyGetBuySchema {
  @ApiProperty({ type: () => PromotionItemScopeSchema }) scope: PromotionItemScopeSchema;
  @ApiProperty({ type: 'integer', minimum: 1 }) quantity: number;
}

export class BuyGetGetSchema {
  @ApiPropertyOptional({ type: () => PromotionItemScopeSchema, nullable: true, description: 'absent: the same goods' }) scope?: PromotionItemScopeSchema | null;
  @ApiProperty({ type: 'integer', minimum: 1 }) quantity: number;
}

/** 多买多赠 */
export class BuyGetRulesSchema implements BuyGetRules {
  @ApiProperty({ type: () => BuyGetBuySchema }) buy: BuyGetBuySchema;
  @ApiProperty({ type: () => BuyGetGetSchema }) get: BuyGetGetSchema;
}

/** 第二件半价 */
export class NthDiscountRulesSchema implements NthDiscountRules {
  @ApiProperty({ type: () => PromotionItemScopeSchema }) scope: PromotionItemScopeSchema;
  @ApiProperty({ type: 'integer', minimum: 2 }) n: number;
  @ApiProperty(PERCENT) percent: string;
}

export class BundleComponentSchema {
  @ApiProperty({ type: String, format: 'uuid' }) productId: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) quantity: number;
}

/** 组合套餐 */
export class BundleRulesSchema implements BundleRules {
  @ApiProperty({ type: () => BundleComponentSchema, isArray: true }) components: BundleComponentSchema[];
  @ApiProperty({ ...MONEY, description: 'the price of one complete set' }) price: string;
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'at most this many sets per basket' }) maxSets?: number | null;
}

/** 积分倍数 */
export class PointsRulesSchema implements PointsRules {
  @ApiProperty({ type: () => PromotionItemScopeSchema }) scope: PromotionItemScopeSchema;
  @ApiProperty({ type: String, pattern: '^\\d{1,2}(\\.\\d{1,2})?$', description: '× the points' }) multiplier: string;
}

/** The shapes in `kind` order (special_price, percent_off, spend_save, buy_get, nth_discount, bundle, points). */
export const PROMOTION_RULE_SCHEMAS = [
  SpecialPriceRulesSchema,
  PercentOffRulesSchema,
  SpendSaveRulesSchema,
  BuyGetRulesSchema,
  NthDiscountRulesSchema,
  BundleRulesSchema,
  PointsRulesSchema,
] as const;

/**
 * `@ApiProperty` of a `rules` field: one of the shapes, which one by the promotion's `kind`. `anyOf`,
 * not `oneOf`: the shapes are open objects and some fit each other (an nth_discount's
 * `{scope, n, percent}` also fits percent_off's `{scope, percent}`), so a standard validator would
 * refuse such a rule under `oneOf`'s "exactly one".
 */
export const PROMOTION_RULES_PROPERTY: ApiPropertyOptions = {
  anyOf: PROMOTION_RULE_SCHEMAS.map((s) => ({ $ref: getSchemaPath(s) })),
  description:
    'the rule of the promotion’s `kind`: special_price → items, percent_off → scope + percent, spend_save → tiers, buy_get → buy + get, nth_discount → n + percent, bundle → components + price, points → multiplier',
};
