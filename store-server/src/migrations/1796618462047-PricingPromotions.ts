import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { PRICING_PROMOTIONS_SCHEMA, runStatements } from '@chain-erp/shared';

export class PricingPromotions1796618462047 implements MigrationInterface {
  name = 'PricingPromotions1796618462047';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, PRICING_PROMOTIONS_SCHEMA.up);
  }

  async down(q: QueryRunner): Promise<void> {
    await runStatements(q, PRICING_PROMOTIONS_SCHEMA.down);
  }
}
