import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { GIFT_CARD_SALES_SCHEMA, runStatements } from '@chain-erp/shared';

export class GiftCardSales1796649713295 implements MigrationInterface {
  name = 'GiftCardSales1796649713295';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, GIFT_CARD_SALES_SCHEMA.up);
  }

  async down(q: QueryRunner): Promise<void> {
    await runStatements(q, GIFT_CARD_SALES_SCHEMA.down);
  }
}
