import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class StoredFiles1796638784586 implements MigrationInterface {
  name = 'StoredFiles1796638784586';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "stored_file" ("key" character varying(300) NOT NULL, "size" bigint NOT NULL, "chunk_size" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_eba350dfc8ac9ed18cc4d626c19" PRIMARY KEY ("key"))`,
    );
    await q.query(
      `CREATE TABLE "stored_file_chunk" ("file_key" character varying(300) NOT NULL, "n" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_ed532cd4a3efb1be2cc20c55ded" PRIMARY KEY ("file_key", "n"))`,
    );
    await q.query(
      `ALTER TABLE "stored_file_chunk" ADD CONSTRAINT "FK_e0a1a05a4802c157a978802a3df" FOREIGN KEY ("file_key") REFERENCES "stored_file"("key") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // stored out of line without compression: .xlsx files are zip-compressed already, and range reads stay cheap
    await q.query(`ALTER TABLE "stored_file_chunk" ALTER COLUMN "data" SET STORAGE EXTERNAL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "stored_file_chunk" DROP CONSTRAINT "FK_e0a1a05a4802c157a978802a3df"`);
    await q.query(`DROP TABLE "stored_file_chunk"`);
    await q.query(`DROP TABLE "stored_file"`);
  }
}
