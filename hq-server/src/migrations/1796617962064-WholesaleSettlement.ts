import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class WholesaleSettlement1796617962064 implements MigrationInterface {
  name = 'WholesaleSettlement1796617962064';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "settlement_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "party_type" character varying(12) NOT NULL, "party_id" uuid NOT NULL, "store_id" uuid, "doc_type" character varying(32) NOT NULL, "doc_id" uuid NOT NULL, "doc_no" character varying(64) NOT NULL, "doc_date" date NOT NULL, "entry_date" date NOT NULL, "due_date" date, "amount" numeric(18,2) NOT NULL, "allocated" numeric(18,2) NOT NULL DEFAULT '0', "description" character varying(300), "meta" jsonb NOT NULL DEFAULT '{}', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_settlement_item_doc" UNIQUE ("doc_type", "doc_id"), CONSTRAINT "chk_settlement_item_allocated" CHECK (amount <> 0 AND ((amount > 0 AND allocated >= 0 AND allocated <= amount) OR (amount < 0 AND allocated <= 0 AND allocated >= amount))), CONSTRAINT "PK_9ea5c70a9f029b4a032ba2c3228" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_5e74955ebabaf9f0a203956851" ON "settlement_item"  ("store_id") `);
    await q.query(`CREATE INDEX "IDX_5ce4d6bd8390d2e376c1df44bf" ON "settlement_item"  ("doc_no") `);
    await q.query(`CREATE INDEX "ix_settlement_item_open" ON "settlement_item"  ("party_type", "party_id", "due_date") WHERE allocated <> amount`);
    await q.query(`CREATE INDEX "ix_settlement_item_party" ON "settlement_item"  ("party_type", "party_id", "entry_date") `);
    await q.query(
      `CREATE TABLE "settlement_allocation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "party_type" character varying(12) NOT NULL, "party_id" uuid NOT NULL, "store_id" uuid, "debit_item_id" uuid NOT NULL, "credit_item_id" uuid NOT NULL, "amount" numeric(18,2) NOT NULL, "allocated_on" date NOT NULL, "source_type" character varying(32) NOT NULL, "source_id" uuid, "reverses_id" uuid, "reason" character varying(500), "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_settlement_allocation_amount" CHECK (amount <> 0), CONSTRAINT "PK_71108bbbc56194e4aba5b4a58e1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_9854b151cba742008a5f9b4f2b" ON "settlement_allocation"  ("party_id") `);
    await q.query(`CREATE INDEX "IDX_02e063b0de5c8e14b87e3eea04" ON "settlement_allocation"  ("store_id") `);
    await q.query(`CREATE INDEX "IDX_727f7e9880dd2dfca13b3b4d7e" ON "settlement_allocation"  ("debit_item_id") `);
    await q.query(`CREATE INDEX "IDX_0d1f123ac75a4d3c16af9a616c" ON "settlement_allocation"  ("credit_item_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_settlement_allocation_reverses" ON "settlement_allocation"  ("reverses_id") WHERE reverses_id IS NOT NULL`);
    await q.query(
      `CREATE TABLE "settlement_payment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(64) NOT NULL, "kind" character varying(20) NOT NULL, "party_type" character varying(12) NOT NULL, "party_id" uuid NOT NULL, "store_id" uuid, "status" character varying(12) NOT NULL, "amount" numeric(18,2) NOT NULL, "method" character varying(12) NOT NULL, "reference" character varying(100), "paid_on" date NOT NULL, "entry_date" date, "reverses_id" uuid, "reason" character varying(500), "remark" character varying(500), "planned_allocations" jsonb, "idempotency_key" character varying(64), "created_by" uuid, "posted_by" uuid, "posted_at" TIMESTAMP WITH TIME ZONE, "cancelled_by" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_settlement_payment_amount" CHECK (amount > 0), CONSTRAINT "PK_22764dcab23d2e9454103b7ff22" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_63c60f69e593d3168dffd48639" ON "settlement_payment"  ("number") `);
    await q.query(`CREATE INDEX "IDX_dda4206e36bebd3b85aec596d2" ON "settlement_payment"  ("store_id") `);
    await q.query(`CREATE INDEX "IDX_30ef72e5a8473485429fde5f14" ON "settlement_payment"  ("status") `);
    await q.query(`CREATE INDEX "IDX_00d158e609114040d2cd3fb99e" ON "settlement_payment"  ("entry_date") `);
    await q.query(`CREATE INDEX "ix_settlement_payment_party" ON "settlement_payment"  ("party_type", "party_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_settlement_payment_reverses" ON "settlement_payment"  ("reverses_id") WHERE reverses_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_settlement_payment_idempotency" ON "settlement_payment"  ("idempotency_key") WHERE idempotency_key IS NOT NULL`);
    await q.query(
      `CREATE TABLE "settlement_statement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(64) NOT NULL, "party_type" character varying(12) NOT NULL, "party_id" uuid NOT NULL, "store_id" uuid, "period_from" date NOT NULL, "period_to" date NOT NULL, "opening_balance" numeric(18,2) NOT NULL, "debit_total" numeric(18,2) NOT NULL, "credit_total" numeric(18,2) NOT NULL, "closing_balance" numeric(18,2) NOT NULL, "status" character varying(12) NOT NULL, "remark" character varying(500), "created_by" uuid, "sent_by" uuid, "sent_at" TIMESTAMP WITH TIME ZONE, "confirmed_by" uuid, "confirmed_at" TIMESTAMP WITH TIME ZONE, "confirm_note" character varying(500), "disputed_by" uuid, "disputed_at" TIMESTAMP WITH TIME ZONE, "dispute_reason" character varying(500), "cancelled_by" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" character varying(500), "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_638b5a90faea246851fa07bba58" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_174598893b6d8b5a3b15d2f29d" ON "settlement_statement"  ("number") `);
    await q.query(`CREATE INDEX "IDX_aaeb1e24d7980d91dc5ddab1de" ON "settlement_statement"  ("store_id") `);
    await q.query(`CREATE INDEX "IDX_77f1b782f08af34cab11ec6b67" ON "settlement_statement"  ("status") `);
    await q.query(`CREATE INDEX "ix_settlement_statement_party" ON "settlement_statement"  ("party_type", "party_id", "period_from") `);
    await q.query(
      `CREATE TABLE "settlement_statement_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "statement_id" uuid NOT NULL, "line_no" integer NOT NULL, "item_id" uuid NOT NULL, "entry_date" date NOT NULL, "doc_date" date NOT NULL, "due_date" date, "doc_type" character varying(32) NOT NULL, "doc_no" character varying(64) NOT NULL, "description" character varying(300), "debit" numeric(18,2) NOT NULL, "credit" numeric(18,2) NOT NULL, "balance" numeric(18,2) NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "uq_settlement_statement_line_no" UNIQUE ("statement_id", "line_no"), CONSTRAINT "PK_5898cdf794e298bb56cbdf64f25" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_efee888e5d8ceb9d153f2da740" ON "settlement_statement_line"  ("statement_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_settlement_statement_line_item" ON "settlement_statement_line"  ("item_id") WHERE active`);
    await q.query(
      `CREATE TABLE "supplier_sales_settlement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(64) NOT NULL, "supplier_id" uuid NOT NULL, "mode" character varying(12) NOT NULL, "period_from" date NOT NULL, "period_to" date NOT NULL, "status" character varying(12) NOT NULL, "commission_rate" numeric(5,2), "total_qty" numeric(18,3) NOT NULL, "sales_amount" numeric(18,2) NOT NULL, "commission_amount" numeric(18,2) NOT NULL, "payable_amount" numeric(18,2) NOT NULL, "remark" character varying(500), "created_by" uuid, "posted_by" uuid, "posted_at" TIMESTAMP WITH TIME ZONE, "cancelled_by" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8d1d655a22f346c165a6de25563" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_7d015105d35b73561a9902a0f8" ON "supplier_sales_settlement"  ("number") `);
    await q.query(`CREATE INDEX "IDX_6c1cd2289080487a79603d284d" ON "supplier_sales_settlement"  ("status") `);
    await q.query(`CREATE INDEX "ix_supplier_sales_settlement_period" ON "supplier_sales_settlement"  ("supplier_id", "period_from", "period_to") `);
    await q.query(
      `CREATE TABLE "supplier_sales_settlement_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "settlement_id" uuid NOT NULL, "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "store_id" uuid, "quantity" numeric(18,3) NOT NULL, "sales_amount" numeric(18,2) NOT NULL, "unit_price" numeric(18,4), "commission_amount" numeric(18,2) NOT NULL, "payable_amount" numeric(18,2) NOT NULL, CONSTRAINT "uq_supplier_sales_settlement_line_no" UNIQUE ("settlement_id", "line_no"), CONSTRAINT "PK_2f08ab5b255ee0411f1008beeb9" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_723161a39e52824f2e743832c5" ON "supplier_sales_settlement_line"  ("settlement_id") `);
    await q.query(
      `CREATE TABLE "stored_value_settlement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(64) NOT NULL, "store_id" uuid NOT NULL, "period_from" date NOT NULL, "period_to" date NOT NULL, "top_up_amount" numeric(18,2) NOT NULL, "refund_amount" numeric(18,2) NOT NULL, "spent_amount" numeric(18,2) NOT NULL, "net_amount" numeric(18,2) NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a2746a7a04736c97d5565a9e2ee" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_fdf48d32a7bfc58f2ede673fe5" ON "stored_value_settlement"  ("number") `);
    await q.query(`CREATE INDEX "ix_stored_value_settlement_period" ON "stored_value_settlement"  ("store_id", "period_from", "period_to") `);
    await q.query(
      `CREATE TABLE "stored_value_settlement_entry" ("ledger_id" uuid NOT NULL, "settlement_id" uuid NOT NULL, CONSTRAINT "PK_973471322c09a998156900e13ee" PRIMARY KEY ("ledger_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_c107fa788072af66bc9312584b" ON "stored_value_settlement_entry"  ("settlement_id") `);
    await q.query(
      `CREATE TABLE "store_settlement_terms" ("store_id" uuid NOT NULL, "markup_percent" numeric(5,2) NOT NULL DEFAULT '0', "payment_terms_days" integer, "updated_by" uuid, "row_version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_24737471934420009db76359e7e" PRIMARY KEY ("store_id"))`,
    );
    await q.query(
      `CREATE TABLE "wholesale_order" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(64) NOT NULL, "org_unit_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "warehouse_id" uuid NOT NULL, "total_qty" numeric(18,3) NOT NULL DEFAULT '0', "total_amount" numeric(18,2) NOT NULL DEFAULT '0', "total_tax" numeric(18,2) NOT NULL DEFAULT '0', "remark" character varying(500), "created_by" uuid, "cancelled_by" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status" character varying(20) NOT NULL DEFAULT 'draft', "order_date" date NOT NULL, "expected_date" date, "price_level" character varying(16) NOT NULL, "submitted_by" uuid, "submitted_at" TIMESTAMP WITH TIME ZONE, "approved_by" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "credit_limit" numeric(18,2), "credit_balance" numeric(18,2), "credit_open_orders" numeric(18,2), "credit_exposure" numeric(18,2), "credit_exceeded" boolean NOT NULL DEFAULT false, "credit_approved_by" uuid, "closed_by" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, "close_reason" character varying(500), CONSTRAINT "PK_b93ca3d73dd1b379a93988fd188" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_936fff70d747e14482758c8bbe" ON "wholesale_order"  ("number") `);
    await q.query(`CREATE INDEX "IDX_bb2542a4169306715af104a42e" ON "wholesale_order"  ("org_unit_id") `);
    await q.query(`CREATE INDEX "IDX_8fce5098e72aab15cf1152d65f" ON "wholesale_order"  ("customer_id") `);
    await q.query(`CREATE INDEX "IDX_38c63086fe505c07ffe7cffb54" ON "wholesale_order"  ("status") `);
    await q.query(`CREATE INDEX "IDX_3d14c3344bbb5b44f09efed566" ON "wholesale_order"  ("order_date") `);
    await q.query(
      `CREATE TABLE "wholesale_order_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "quantity" numeric(18,3) NOT NULL, "unit_price" numeric(18,4) NOT NULL, "tax_rate" numeric(5,2) NOT NULL, "amount" numeric(18,2) NOT NULL, "tax_amount" numeric(18,2) NOT NULL, "order_id" uuid NOT NULL, "price_source" character varying(12) NOT NULL, "list_price" numeric(18,4) NOT NULL, "delivered_qty" numeric(18,3) NOT NULL DEFAULT '0', "note" character varying(200), CONSTRAINT "uq_wholesale_order_line_no" UNIQUE ("order_id", "line_no"), CONSTRAINT "chk_wholesale_order_line_qty" CHECK (quantity > 0 AND unit_price >= 0 AND delivered_qty >= 0 AND delivered_qty <= quantity), CONSTRAINT "PK_414cd577351af7e6749e32b13c7" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_70a2eae87d526a5b7ff4ce022a" ON "wholesale_order_line"  ("product_id") `);
    await q.query(`CREATE INDEX "IDX_6fa54cc327b8b47df9a6488b34" ON "wholesale_order_line"  ("order_id") `);
    await q.query(
      `CREATE TABLE "wholesale_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(64) NOT NULL, "org_unit_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "warehouse_id" uuid NOT NULL, "total_qty" numeric(18,3) NOT NULL DEFAULT '0', "total_amount" numeric(18,2) NOT NULL DEFAULT '0', "total_tax" numeric(18,2) NOT NULL DEFAULT '0', "remark" character varying(500), "created_by" uuid, "cancelled_by" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status" character varying(12) NOT NULL DEFAULT 'draft', "business_date" date NOT NULL, "total_cost" numeric(20,6) NOT NULL DEFAULT '0', "idempotency_key" character varying(64), "posted_by" uuid, "posted_at" TIMESTAMP WITH TIME ZONE, "order_id" uuid NOT NULL, "due_date" date, CONSTRAINT "PK_eeb82da3adea04da376088a5ce9" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_251f8ccdea60846e2fbdee0cd5" ON "wholesale_delivery"  ("number") `);
    await q.query(`CREATE INDEX "IDX_c4c7d182b118b3e150835facc5" ON "wholesale_delivery"  ("org_unit_id") `);
    await q.query(`CREATE INDEX "IDX_59685fde302eadf5bf46e2b4c0" ON "wholesale_delivery"  ("customer_id") `);
    await q.query(`CREATE INDEX "IDX_be278b950edc6854ada8d200f0" ON "wholesale_delivery"  ("status") `);
    await q.query(`CREATE INDEX "IDX_6c76acc197bcb96c7120161bdc" ON "wholesale_delivery"  ("business_date") `);
    await q.query(`CREATE INDEX "IDX_6ba9a0e62b6aa3672bc66dc80d" ON "wholesale_delivery"  ("order_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_wholesale_delivery_idempotency" ON "wholesale_delivery"  ("idempotency_key") WHERE idempotency_key IS NOT NULL`);
    await q.query(
      `CREATE TABLE "wholesale_delivery_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "quantity" numeric(18,3) NOT NULL, "unit_price" numeric(18,4) NOT NULL, "tax_rate" numeric(5,2) NOT NULL, "amount" numeric(18,2) NOT NULL, "tax_amount" numeric(18,2) NOT NULL, "delivery_id" uuid NOT NULL, "order_line_id" uuid NOT NULL, "batch_no" character varying(40), "unit_cost" numeric(20,6), "cost_amount" numeric(20,6), "batches" jsonb NOT NULL DEFAULT '[]', "returned_qty" numeric(18,3) NOT NULL DEFAULT '0', CONSTRAINT "uq_wholesale_delivery_line_no" UNIQUE ("delivery_id", "line_no"), CONSTRAINT "chk_wholesale_delivery_line_qty" CHECK (quantity > 0 AND returned_qty >= 0 AND returned_qty <= quantity), CONSTRAINT "PK_438604719e17e351e548c328e31" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_7cab03de47da37018ac088900b" ON "wholesale_delivery_line"  ("product_id") `);
    await q.query(`CREATE INDEX "IDX_0f60796ebd03f6fe52945a6b60" ON "wholesale_delivery_line"  ("delivery_id") `);
    await q.query(`CREATE INDEX "IDX_c6fd05db95defefb3f288c5ee8" ON "wholesale_delivery_line"  ("order_line_id") `);
    await q.query(
      `CREATE TABLE "wholesale_return" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(64) NOT NULL, "org_unit_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "warehouse_id" uuid NOT NULL, "total_qty" numeric(18,3) NOT NULL DEFAULT '0', "total_amount" numeric(18,2) NOT NULL DEFAULT '0', "total_tax" numeric(18,2) NOT NULL DEFAULT '0', "remark" character varying(500), "created_by" uuid, "cancelled_by" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status" character varying(12) NOT NULL DEFAULT 'draft', "business_date" date NOT NULL, "total_cost" numeric(20,6) NOT NULL DEFAULT '0', "idempotency_key" character varying(64), "posted_by" uuid, "posted_at" TIMESTAMP WITH TIME ZONE, "delivery_id" uuid NOT NULL, "reason" character varying(500) NOT NULL, CONSTRAINT "PK_d6563e86d8c034adb688bd2a9d8" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_6ca7ade74a0aafefe56324a024" ON "wholesale_return"  ("number") `);
    await q.query(`CREATE INDEX "IDX_ef442bffbd5f10e81388a546d0" ON "wholesale_return"  ("org_unit_id") `);
    await q.query(`CREATE INDEX "IDX_8aea519baf2b980db644e25b27" ON "wholesale_return"  ("customer_id") `);
    await q.query(`CREATE INDEX "IDX_dde45c6d17b546389232e11df5" ON "wholesale_return"  ("status") `);
    await q.query(`CREATE INDEX "IDX_d1ad240944938b258a4874a0c5" ON "wholesale_return"  ("business_date") `);
    await q.query(`CREATE INDEX "IDX_7f7597c756b1b09e76fe148484" ON "wholesale_return"  ("delivery_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_wholesale_return_idempotency" ON "wholesale_return"  ("idempotency_key") WHERE idempotency_key IS NOT NULL`);
    await q.query(
      `CREATE TABLE "wholesale_return_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "quantity" numeric(18,3) NOT NULL, "unit_price" numeric(18,4) NOT NULL, "tax_rate" numeric(5,2) NOT NULL, "amount" numeric(18,2) NOT NULL, "tax_amount" numeric(18,2) NOT NULL, "return_id" uuid NOT NULL, "delivery_line_id" uuid NOT NULL, "unit_cost" numeric(20,6), "cost_amount" numeric(20,6), "batches" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "uq_wholesale_return_line_no" UNIQUE ("return_id", "line_no"), CONSTRAINT "chk_wholesale_return_line_qty" CHECK (quantity > 0), CONSTRAINT "PK_91c5765046a21bb3300be0bdae3" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_199413a8540d0c18a34c8fee1d" ON "wholesale_return_line"  ("product_id") `);
    await q.query(`CREATE INDEX "IDX_bc6981032cfcdae72e89a70075" ON "wholesale_return_line"  ("return_id") `);
    await q.query(`CREATE INDEX "IDX_940089336ea6a5e26d2e906906" ON "wholesale_return_line"  ("delivery_line_id") `);
    await q.query(
      `CREATE TABLE "customer_price" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "customer_id" uuid NOT NULL, "product_id" uuid NOT NULL, "price" numeric(18,4) NOT NULL, "valid_from" date NOT NULL, "valid_to" date, "updated_by" uuid, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_customer_price_period" UNIQUE ("customer_id", "product_id", "valid_from"), CONSTRAINT "chk_customer_price" CHECK (price >= 0 AND (valid_to IS NULL OR valid_to >= valid_from)), CONSTRAINT "PK_e8f4c87e4b308a85a5bd9e947f2" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_ad79642fe0d4e79cdc535d6cf9" ON "customer_price"  ("customer_id") `);
    await q.query(`CREATE INDEX "IDX_58b8b353843865d57a05a25bb2" ON "customer_price"  ("product_id") `);
    await q.query(`ALTER TABLE "supplier" ADD "settlement_mode" character varying(16) NOT NULL DEFAULT 'purchase'`);
    await q.query(`ALTER TABLE "supplier" ADD "commission_rate" numeric(5,2)`);
    await q.query(`ALTER TABLE "customer" ADD "address" character varying(300)`);
    await q.query(`ALTER TABLE "customer" ADD "tax_number" character varying(40)`);
    await q.query(`ALTER TABLE "customer" ADD "payment_terms_days" integer`);
    // the ledger: an item is never edited except its running allocated total; allocations are append-only
    await q.query(`CREATE FUNCTION settlement_item_guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF TG_OP = 'DELETE' OR (to_jsonb(NEW) - 'allocated') IS DISTINCT FROM (to_jsonb(OLD) - 'allocated') THEN
        RAISE EXCEPTION 'settlement_item is never edited: post a correcting document' USING ERRCODE = '55000';
      END IF;
      RETURN NEW; END $$`);
    await q.query(`CREATE TRIGGER trg_settlement_item_guard BEFORE UPDATE OR DELETE ON settlement_item FOR EACH ROW EXECUTE FUNCTION settlement_item_guard()`);
    await q.query(
      `CREATE FUNCTION settlement_allocation_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'settlement_allocation is append-only' USING ERRCODE = '55000'; END $$`,
    );
    await q.query(
      `CREATE TRIGGER trg_settlement_allocation_append_only BEFORE UPDATE OR DELETE ON settlement_allocation FOR EACH ROW EXECUTE FUNCTION settlement_allocation_append_only()`,
    );
    // what was owed before this release: posted goods receipts (corrections) and purchase returns of the (then all 经销) suppliers,
    // and posted shipments to stores at cost with their settled variances
    await q.query(`INSERT INTO settlement_item (party_type, party_id, doc_type, doc_id, doc_no, doc_date, entry_date, due_date, amount, description)
      SELECT 'supplier', r.supplier_id, CASE WHEN r.kind = 'correction' THEN 'goods_receipt_correction' ELSE 'goods_receipt' END, r.id, r.number, r.business_date,
             coalesce(r.posted_at, r.created_at)::date, CASE WHEN r.total_amount > 0 THEN r.business_date + coalesce(s.payment_terms_days, 0) END, r.total_amount,
             CASE WHEN r.kind = 'correction' THEN '验收更正 ' ELSE '验收入库 ' END || r.number
        FROM goods_receipt r JOIN supplier s ON s.id = r.supplier_id WHERE r.status = 'posted' AND r.total_amount <> 0`);
    await q.query(`INSERT INTO settlement_item (party_type, party_id, doc_type, doc_id, doc_no, doc_date, entry_date, due_date, amount, description)
      SELECT 'supplier', r.supplier_id, 'purchase_return', r.id, r.number, r.business_date, coalesce(r.posted_at, r.created_at)::date, NULL, -r.total_amount, '采购退货 ' || r.number
        FROM purchase_return r WHERE r.status = 'posted' AND r.total_amount <> 0`);
    await q.query(`INSERT INTO settlement_item (party_type, party_id, store_id, doc_type, doc_id, doc_no, doc_date, entry_date, due_date, amount, description, meta)
      SELECT 'store', s.store_id, s.store_id, 'transfer_shipment', s.id, s.number, s.ship_date, coalesce(s.posted_at, s.created_at)::date, s.ship_date, x.amount,
             '调拨出库 ' || s.number, jsonb_build_object('markupPercent', '0', 'costAmount', x.amount::text)
        FROM transfer_shipment s JOIN LATERAL (SELECT sum(round(l.quantity * coalesce(l.unit_cost, 0), 2)) AS amount FROM transfer_shipment_line l WHERE l.shipment_id = s.id) x ON x.amount <> 0
       WHERE s.status IN ('posted', 'received')`);
    await q.query(`INSERT INTO settlement_item (party_type, party_id, store_id, doc_type, doc_id, doc_no, doc_date, entry_date, due_date, amount, description, meta)
      SELECT 'store', r.store_id, r.store_id, 'transfer_variance', r.id, r.number, r.receive_date, coalesce(r.settled_at, r.created_at)::date, r.receive_date, x.amount,
             '调拨差异 ' || r.number, jsonb_build_object('shipmentId', r.shipment_id, 'markupPercent', '0')
        FROM transfer_receipt r JOIN LATERAL (
               SELECT sum(round(l.over_qty * coalesce(sl.unit_cost, l.unit_cost), 2) - round(l.short_qty * coalesce(sl.unit_cost, l.unit_cost), 2) - round(l.damaged_qty * coalesce(sl.unit_cost, l.unit_cost), 2)) AS amount
                 FROM transfer_receipt_line l LEFT JOIN transfer_shipment_line sl ON sl.id = l.shipment_line_id WHERE l.receipt_id = r.id) x ON x.amount <> 0
       WHERE r.status = 'posted' AND r.settled_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS trg_settlement_allocation_append_only ON settlement_allocation`);
    await q.query(`DROP FUNCTION IF EXISTS settlement_allocation_append_only()`);
    await q.query(`DROP TRIGGER IF EXISTS trg_settlement_item_guard ON settlement_item`);
    await q.query(`DROP FUNCTION IF EXISTS settlement_item_guard()`);
    await q.query(`ALTER TABLE "customer" DROP COLUMN "payment_terms_days"`);
    await q.query(`ALTER TABLE "customer" DROP COLUMN "tax_number"`);
    await q.query(`ALTER TABLE "customer" DROP COLUMN "address"`);
    await q.query(`ALTER TABLE "supplier" DROP COLUMN "commission_rate"`);
    await q.query(`ALTER TABLE "supplier" DROP COLUMN "settlement_mode"`);
    await q.query(`DROP INDEX "public"."IDX_58b8b353843865d57a05a25bb2"`);
    await q.query(`DROP INDEX "public"."IDX_ad79642fe0d4e79cdc535d6cf9"`);
    await q.query(`DROP TABLE "customer_price"`);
    await q.query(`DROP INDEX "public"."IDX_940089336ea6a5e26d2e906906"`);
    await q.query(`DROP INDEX "public"."IDX_bc6981032cfcdae72e89a70075"`);
    await q.query(`DROP INDEX "public"."IDX_199413a8540d0c18a34c8fee1d"`);
    await q.query(`DROP TABLE "wholesale_return_line"`);
    await q.query(`DROP INDEX "public"."uq_wholesale_return_idempotency"`);
    await q.query(`DROP INDEX "public"."IDX_7f7597c756b1b09e76fe148484"`);
    await q.query(`DROP INDEX "public"."IDX_d1ad240944938b258a4874a0c5"`);
    await q.query(`DROP INDEX "public"."IDX_dde45c6d17b546389232e11df5"`);
    await q.query(`DROP INDEX "public"."IDX_8aea519baf2b980db644e25b27"`);
    await q.query(`DROP INDEX "public"."IDX_ef442bffbd5f10e81388a546d0"`);
    await q.query(`DROP INDEX "public"."IDX_6ca7ade74a0aafefe56324a024"`);
    await q.query(`DROP TABLE "wholesale_return"`);
    await q.query(`DROP INDEX "public"."IDX_c6fd05db95defefb3f288c5ee8"`);
    await q.query(`DROP INDEX "public"."IDX_0f60796ebd03f6fe52945a6b60"`);
    await q.query(`DROP INDEX "public"."IDX_7cab03de47da37018ac088900b"`);
    await q.query(`DROP TABLE "wholesale_delivery_line"`);
    await q.query(`DROP INDEX "public"."uq_wholesale_delivery_idempotency"`);
    await q.query(`DROP INDEX "public"."IDX_6ba9a0e62b6aa3672bc66dc80d"`);
    await q.query(`DROP INDEX "public"."IDX_6c76acc197bcb96c7120161bdc"`);
    await q.query(`DROP INDEX "public"."IDX_be278b950edc6854ada8d200f0"`);
    await q.query(`DROP INDEX "public"."IDX_59685fde302eadf5bf46e2b4c0"`);
    await q.query(`DROP INDEX "public"."IDX_c4c7d182b118b3e150835facc5"`);
    await q.query(`DROP INDEX "public"."IDX_251f8ccdea60846e2fbdee0cd5"`);
    await q.query(`DROP TABLE "wholesale_delivery"`);
    await q.query(`DROP INDEX "public"."IDX_6fa54cc327b8b47df9a6488b34"`);
    await q.query(`DROP INDEX "public"."IDX_70a2eae87d526a5b7ff4ce022a"`);
    await q.query(`DROP TABLE "wholesale_order_line"`);
    await q.query(`DROP INDEX "public"."IDX_3d14c3344bbb5b44f09efed566"`);
    await q.query(`DROP INDEX "public"."IDX_38c63086fe505c07ffe7cffb54"`);
    await q.query(`DROP INDEX "public"."IDX_8fce5098e72aab15cf1152d65f"`);
    await q.query(`DROP INDEX "public"."IDX_bb2542a4169306715af104a42e"`);
    await q.query(`DROP INDEX "public"."IDX_936fff70d747e14482758c8bbe"`);
    await q.query(`DROP TABLE "wholesale_order"`);
    await q.query(`DROP TABLE "store_settlement_terms"`);
    await q.query(`DROP INDEX "public"."IDX_c107fa788072af66bc9312584b"`);
    await q.query(`DROP TABLE "stored_value_settlement_entry"`);
    await q.query(`DROP INDEX "public"."ix_stored_value_settlement_period"`);
    await q.query(`DROP INDEX "public"."IDX_fdf48d32a7bfc58f2ede673fe5"`);
    await q.query(`DROP TABLE "stored_value_settlement"`);
    await q.query(`DROP INDEX "public"."IDX_723161a39e52824f2e743832c5"`);
    await q.query(`DROP TABLE "supplier_sales_settlement_line"`);
    await q.query(`DROP INDEX "public"."ix_supplier_sales_settlement_period"`);
    await q.query(`DROP INDEX "public"."IDX_6c1cd2289080487a79603d284d"`);
    await q.query(`DROP INDEX "public"."IDX_7d015105d35b73561a9902a0f8"`);
    await q.query(`DROP TABLE "supplier_sales_settlement"`);
    await q.query(`DROP INDEX "public"."uq_settlement_statement_line_item"`);
    await q.query(`DROP INDEX "public"."IDX_efee888e5d8ceb9d153f2da740"`);
    await q.query(`DROP TABLE "settlement_statement_line"`);
    await q.query(`DROP INDEX "public"."ix_settlement_statement_party"`);
    await q.query(`DROP INDEX "public"."IDX_77f1b782f08af34cab11ec6b67"`);
    await q.query(`DROP INDEX "public"."IDX_aaeb1e24d7980d91dc5ddab1de"`);
    await q.query(`DROP INDEX "public"."IDX_174598893b6d8b5a3b15d2f29d"`);
    await q.query(`DROP TABLE "settlement_statement"`);
    await q.query(`DROP INDEX "public"."uq_settlement_payment_idempotency"`);
    await q.query(`DROP INDEX "public"."uq_settlement_payment_reverses"`);
    await q.query(`DROP INDEX "public"."ix_settlement_payment_party"`);
    await q.query(`DROP INDEX "public"."IDX_00d158e609114040d2cd3fb99e"`);
    await q.query(`DROP INDEX "public"."IDX_30ef72e5a8473485429fde5f14"`);
    await q.query(`DROP INDEX "public"."IDX_dda4206e36bebd3b85aec596d2"`);
    await q.query(`DROP INDEX "public"."IDX_63c60f69e593d3168dffd48639"`);
    await q.query(`DROP TABLE "settlement_payment"`);
    await q.query(`DROP INDEX "public"."uq_settlement_allocation_reverses"`);
    await q.query(`DROP INDEX "public"."IDX_0d1f123ac75a4d3c16af9a616c"`);
    await q.query(`DROP INDEX "public"."IDX_727f7e9880dd2dfca13b3b4d7e"`);
    await q.query(`DROP INDEX "public"."IDX_02e063b0de5c8e14b87e3eea04"`);
    await q.query(`DROP INDEX "public"."IDX_9854b151cba742008a5f9b4f2b"`);
    await q.query(`DROP TABLE "settlement_allocation"`);
    await q.query(`DROP INDEX "public"."ix_settlement_item_party"`);
    await q.query(`DROP INDEX "public"."ix_settlement_item_open"`);
    await q.query(`DROP INDEX "public"."IDX_5ce4d6bd8390d2e376c1df44bf"`);
    await q.query(`DROP INDEX "public"."IDX_5e74955ebabaf9f0a203956851"`);
    await q.query(`DROP TABLE "settlement_item"`);
  }
}
