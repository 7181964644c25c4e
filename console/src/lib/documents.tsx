import { PrinterOutlined } from '@ant-design/icons';
import { ModalForm, ProFormTextArea } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Empty, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

/**
 * What every document screen shares: its status as a coloured tag, actions that ask for a reason,
 * the audit trail, a print view (@media print shows only the sheet), and one way to report errors.
 */

const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  counting: 'processing',
  submitted: 'processing',
  approved: 'success',
  partially_approved: 'warning',
  partially_received: 'warning',
  partially_shipped: 'warning',
  shipped: 'cyan',
  received: 'green',
  posted: 'green',
  closed: 'default',
  cancelled: 'default',
  rejected: 'error',
  failed: 'error',
  discarded: 'default',
  superseded: 'default',
  processed: 'green',
  active: 'green',
  revoked: 'error',
};

/** The status of a document: `docStatus.<status>` in the labels, a colour by meaning. */
export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="doc-status">
      {t(`docStatus.${status}`, { defaultValue: status })}
    </Tag>
  );
}

/** The statuses as a ProTable `valueEnum` (a select filter). */
export function statusEnum(t: (k: string) => string, statuses: readonly string[]) {
  return Object.fromEntries(statuses.map((s) => [s, { text: t(`docStatus.${s}`) }]));
}

/** An error as the user sees it: the server's code and message. */
export function errorText(e: unknown): string {
  return e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
}

/** Runs a document action, tells the result, and refreshes the screen. */
export function useRunAction() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return async (fn: () => Promise<unknown>, after?: () => void): Promise<boolean> => {
    try {
      await fn();
      void message.success(t('doc.done'));
      after?.();
      return true;
    } catch (e) {
      void message.error(errorText(e));
      return false;
    }
  };
}

/** A button that asks for a reason (cancel, reject, close short…) before it acts. */
export function ReasonAction(props: { label: string; title?: string; danger?: boolean; required?: boolean; onSubmit(reason: string): Promise<boolean>; testId?: string }) {
  const { t } = useTranslation();
  return (
    <ModalForm<{ reason: string }>
      title={props.title ?? props.label}
      width={480}
      modalProps={{ destroyOnClose: true }}
      trigger={
        <Button danger={props.danger} data-testid={props.testId}>
          {props.label}
        </Button>
      }
      onFinish={async (v) => props.onSubmit((v.reason ?? '').trim())}
    >
      <ProFormTextArea
        name="reason"
        label={t('doc.reason')}
        rules={props.required === false ? [] : [{ required: true, whitespace: true }]}
        fieldProps={{ maxLength: 500, showCount: true }}
      />
    </ModalForm>
  );
}

export interface AuditRow {
  id: string;
  at: string;
  username: string | null;
  action: string;
  reason: string | null;
}

/** Who did what when, and why: the document's audit trail, oldest first. */
export function AuditTrail({ queryKey, load }: { queryKey: unknown[]; load(): Promise<AuditRow[]> }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['audit', ...queryKey], queryFn: load, retry: false });
  if (q.isError) return <Typography.Text type="secondary">{errorText(q.error)}</Typography.Text>;
  if (!q.data?.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="audit-trail"
      items={q.data.map((r) => ({
        children: (
          <>
            <b>{t(`auditAction.${r.action}`, { defaultValue: r.action })}</b> · {r.username ?? '-'} · {dayjs(r.at).format('YYYY-MM-DD HH:mm:ss')}
            {r.reason && <div style={{ color: '#666' }}>{r.reason}</div>}
          </>
        ),
      }))}
    />
  );
}

const PRINT_CSS = `
.print-sheet { font-size: 13px; color: #000; }
.print-sheet h2 { text-align: center; margin: 0 0 8px; }
.print-sheet table { width: 100%; border-collapse: collapse; margin-top: 8px; }
.print-sheet th, .print-sheet td { border: 1px solid #333; padding: 3px 6px; }
.print-sheet td.num, .print-sheet th.num { text-align: right; }
.print-sheet .print-head { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 4px 16px; }
.print-sheet .print-sign { display: flex; justify-content: space-between; margin-top: 24px; }
@media print {
  body * { visibility: hidden !important; }
  .print-sheet, .print-sheet * { visibility: visible !important; }
  .print-sheet { position: absolute; left: 0; top: 0; width: 100%; }
  .no-print { display: none !important; }
  @page { size: A4; margin: 12mm; }
}`;

export interface PrintColumn<L> {
  title: string;
  value(line: L): ReactNode;
  num?: boolean;
}

/**
 * A printable sheet (purchase order, receipt, shipment): title, header fields, the lines, totals
 * and signature boxes. The browser's print prints only this sheet (@media print).
 */
export function PrintSheet<L>(props: { title: string; head: [string, ReactNode][]; columns: PrintColumn<L>[]; lines: L[]; foot?: ReactNode; signatures?: string[] }) {
  return (
    <div className="print-sheet" data-testid="print-sheet">
      <style>{PRINT_CSS}</style>
      <h2>{props.title}</h2>
      <div className="print-head">
        {props.head.map(([k, v]) => (
          <div key={k}>
            {k}：{v}
          </div>
        ))}
      </div>
      <table>
        <thead>
          <tr>
            <th>#</th>
            {props.columns.map((c) => (
              <th key={c.title} className={c.num ? 'num' : undefined}>
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.lines.map((l, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              {props.columns.map((c) => (
                <td key={c.title} className={c.num ? 'num' : undefined}>
                  {c.value(l)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {props.foot}
      {props.signatures && (
        <div className="print-sign">
          {props.signatures.map((s) => (
            <span key={s}>{s}：__________</span>
          ))}
        </div>
      )}
    </div>
  );
}

/** The print button: the browser's print dialog with the sheet above. */
export function PrintButton() {
  const { t } = useTranslation();
  return (
    <Button icon={<PrinterOutlined />} className="no-print" onClick={() => window.print()} data-testid="print">
      {t('doc.print')}
    </Button>
  );
}

/** Exact decimals for display: money with two places, quantities as they are. */
export function money(v: unknown): string {
  if (v === null || v === undefined || v === '') return '-';
  const [int, frac = ''] = String(v).split('.');
  return `${int}.${frac.padEnd(2, '0')}`;
}
export const qty = (v: unknown): string => (v === null || v === undefined || v === '' ? '-' : String(v));
export const dateTime = (v: unknown): string => (v ? dayjs(String(v)).format('YYYY-MM-DD HH:mm') : '-');
