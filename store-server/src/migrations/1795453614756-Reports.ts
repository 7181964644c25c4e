import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Reports1795453614756 implements MigrationInterface {
  name = 'Reports1795453614756';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "pos_sale_line" ADD "unit_cost" numeric(20,6)`);
    await q.query(`ALTER TABLE "pos_refund_line" ADD "unit_cost" numeric(20,6)`);
    // earlier lines: the cost StockService used is in the stock ledger (doc type, sale/refund id, line number);
    // several batches of one line average out. HQ's copies of lines already pushed stay without cost.
    for (const [table, parent, docType] of [
      ['pos_sale_line', 'sale_id', 'POS_SALE'],
      ['pos_refund_line', 'refund_id', 'POS_REFUND'],
    ]) {
      await q.query(
        `UPDATE "${table}" l SET unit_cost = round(g.amount / g.delta, 6)
         FROM (SELECT doc_id, doc_line, sum(amount) AS amount, sum(delta) AS delta FROM stock_ledger WHERE doc_type = $1 GROUP BY doc_id, doc_line HAVING sum(delta) <> 0) g
         WHERE g.doc_id = l.${parent} AND g.doc_line = l.line_no`,
        [docType],
      );
    }
    await q.query(`CREATE INDEX "IDX_d0370472c1cde03c433530e6a9" ON "pos_sale"  ("business_date") `);
    await q.query(`CREATE INDEX "IDX_47c7992ea44f7f803cb9c4cca1" ON "pos_refund"  ("business_date") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_47c7992ea44f7f803cb9c4cca1"`);
    await q.query(`DROP INDEX "public"."IDX_d0370472c1cde03c433530e6a9"`);
    await q.query(`ALTER TABLE "pos_refund_line" DROP COLUMN "unit_cost"`);
    await q.query(`ALTER TABLE "pos_sale_line" DROP COLUMN "unit_cost"`);
  }
}
