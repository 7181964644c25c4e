import { Injectable } from '@nestjs/common';
import { PosStream, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { PosOutboxWriter } from './pos-outbox.writer';

/** transfer_outbox as the POS module writes it (to be reconciled with the transfer engine's). */
@Entity('transfer_outbox')
export class TransferOutboxRow {
  /** the document's UUID: HQ's idempotency key */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  stream: string;

  @Column({ type: 'jsonb' })
  body: object;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}

@Injectable()
export class TableOutboxWriter extends PosOutboxWriter {
  constructor(private readonly connection: TransactionalConnection) {
    super();
  }

  async enqueue(ctx: RequestContext, stream: PosStream, recordId: string, body: object): Promise<void> {
    if (!ctx.inTransaction) throw new Error('PosOutboxWriter.enqueue must run inside the document transaction');
    await this.connection.manager(ctx).query('INSERT INTO transfer_outbox (id, stream, body) VALUES ($1, $2, $3)', [recordId, stream, JSON.stringify(body)]);
  }
}
