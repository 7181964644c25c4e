import { type SharedSchemaStep } from './run-statements';

/**
 * The card types, cards, members, card events and the member ledger, as both servers have them:
 * HQ's migration Membership1795451081223 and the store's Membership1795451550676 run these
 * statements. They have run on deployed databases: never edit them — change the schema in a new
 * migration.
 */
export const MEMBERSHIP_SCHEMA: SharedSchemaStep = {
  up: [
    `CREATE TABLE "member_card_type" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "pricing" character varying(16) NOT NULL, "discount_rate" numeric(5,4), "points_rate" numeric(10,4) NOT NULL DEFAULT '0', "stored_value_allowed" boolean NOT NULL DEFAULT false, "validity_months" integer, "status" character varying(12) NOT NULL DEFAULT 'active', "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_member_card_type_rates" CHECK (points_rate >= 0 AND (discount_rate IS NULL OR (discount_rate > 0 AND discount_rate <= 1)) AND (validity_months IS NULL OR validity_months > 0)), CONSTRAINT "PK_82eaace4c0bbe5c6e09926b0a8f" PRIMARY KEY ("id"))`,
    `CREATE UNIQUE INDEX "IDX_6eefa17643f30f980bf8077206" ON "member_card_type"  ("code") `,
    `CREATE TABLE "member_card" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "card_no" character varying(40) NOT NULL, "batch_id" uuid NOT NULL, "card_type_id" uuid NOT NULL, "scope" character varying(8) NOT NULL, "owner_store_id" uuid, "state" character varying(12) NOT NULL, "member_id" uuid, "issued_at" TIMESTAMP WITH TIME ZONE, "issued_store_id" uuid, "expires_at" TIMESTAMP WITH TIME ZONE, "replaced_by_card_id" uuid, "points_balance" numeric(18,2) NOT NULL DEFAULT '0', "stored_value_balance" numeric(18,2) NOT NULL DEFAULT '0', "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_member_card_balances" CHECK (points_balance >= 0 AND stored_value_balance >= 0), CONSTRAINT "PK_6e71577f6a24553626241119676" PRIMARY KEY ("id"))`,
    `CREATE UNIQUE INDEX "uq_member_card_no" ON "member_card"  ("card_no") `,
    `CREATE INDEX "IDX_12da742f96c20cc04f52282688" ON "member_card"  ("batch_id") `,
    `CREATE INDEX "IDX_272f4b5ebcaf56896e05420cc6" ON "member_card"  ("member_id") `,
    `CREATE INDEX "IDX_3cd3c1f91ac297e0e094a3de56" ON "member_card"  ("owner_store_id", "state") `,
    `CREATE TABLE "member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "mobile" character varying(20) NOT NULL, "birthday" date, "id_number" character varying(32), "home_store_id" uuid, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_97cbbe986ce9d14ca5894fdc072" PRIMARY KEY ("id"))`,
    `CREATE UNIQUE INDEX "IDX_48f6655f1d403321847cb2234c" ON "member"  ("mobile") `,
    `CREATE TABLE "member_card_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "card_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "action" character varying(16) NOT NULL, "from_state" character varying(12), "to_state" character varying(12) NOT NULL, "store_id" uuid, "user_id" uuid, "username" character varying(64), "reason" text, "ref_id" uuid, CONSTRAINT "PK_3dd273b0cc787e29c532a888c81" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_3d57a5a3a1f8348083022b78b5" ON "member_card_event"  ("card_id") `,
    `CREATE INDEX "IDX_6306ddd2f8dfe915e8d3ec6eec" ON "member_card_event"  ("store_id") `,
    `CREATE UNIQUE INDEX "uq_member_card_event_ref" ON "member_card_event"  ("ref_id", "action") WHERE action IN ('issue', 'replace')`,
    `CREATE TABLE "member_ledger" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "card_id" uuid NOT NULL, "member_id" uuid, "account" character varying(16) NOT NULL, "kind" character varying(16) NOT NULL, "ref_id" uuid NOT NULL, "amount" numeric(18,2) NOT NULL, "delta" numeric(18,2) NOT NULL, "balance_before" numeric(18,2) NOT NULL, "balance_after" numeric(18,2) NOT NULL, "store_id" uuid, "user_id" uuid, "username" character varying(64), "tender_code" character varying(16), CONSTRAINT "PK_14ddc9b95e878fcc6f3febbfe08" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_673b4908275b74de8d68a571e2" ON "member_ledger"  ("member_id") `,
    `CREATE INDEX "IDX_77f13fba2cab68c1af6d37401d" ON "member_ledger"  ("store_id") `,
    `CREATE INDEX "IDX_c7445a849e287051f3dc24347f" ON "member_ledger"  ("card_id", "at") `,
    `CREATE UNIQUE INDEX "uq_member_ledger_ref" ON "member_ledger"  ("ref_id", "kind", "account") `,
  ],
  down: [
    `DROP INDEX "public"."uq_member_ledger_ref"`,
    `DROP INDEX "public"."IDX_c7445a849e287051f3dc24347f"`,
    `DROP INDEX "public"."IDX_77f13fba2cab68c1af6d37401d"`,
    `DROP INDEX "public"."IDX_673b4908275b74de8d68a571e2"`,
    `DROP TABLE "member_ledger"`,
    `DROP INDEX "public"."uq_member_card_event_ref"`,
    `DROP INDEX "public"."IDX_6306ddd2f8dfe915e8d3ec6eec"`,
    `DROP INDEX "public"."IDX_3d57a5a3a1f8348083022b78b5"`,
    `DROP TABLE "member_card_event"`,
    `DROP INDEX "public"."IDX_48f6655f1d403321847cb2234c"`,
    `DROP TABLE "member"`,
    `DROP INDEX "public"."IDX_3cd3c1f91ac297e0e094a3de56"`,
    `DROP INDEX "public"."IDX_272f4b5ebcaf56896e05420cc6"`,
    `DROP INDEX "public"."IDX_12da742f96c20cc04f52282688"`,
    `DROP INDEX "public"."uq_member_card_no"`,
    `DROP TABLE "member_card"`,
    `DROP INDEX "public"."IDX_6eefa17643f30f980bf8077206"`,
    `DROP TABLE "member_card_type"`,
  ],
};
