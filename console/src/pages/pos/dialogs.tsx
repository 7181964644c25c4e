import { Alert, Input, Modal, Table, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EscapeCancels } from './TillDialog';

/**
 * The till's small dialogs. Every one is driven by the keyboard: the first field has the focus,
 * Enter confirms, Esc cancels, ↑↓ move in lists.
 */

export function Prompt(props: { title: string; label: string; initial?: string; onOk: (v: string) => void; onCancel: () => void; testId?: string }) {
  const [v, setV] = useState(props.initial ?? '');
  const ref = useRef<InputRef>(null);
  return (
    <Modal
      open
      transitionName=""
      maskTransitionName=""
      title={props.title}
      onCancel={props.onCancel}
      footer={null}
      destroyOnHidden
      afterOpenChange={(o) => o && ref.current?.focus()}
    >
      <EscapeCancels onCancel={props.onCancel} />
      <Typography.Text type="secondary">{props.label}</Typography.Text>
      <Input
        autoFocus
        ref={ref}
        data-testid={props.testId ?? 'prompt-input'}
        aria-label={props.label}
        value={v}
        onChange={(e) => setV(e.target.value)}
        onPressEnter={() => v.trim() && props.onOk(v.trim())}
      />
    </Modal>
  );
}

/** Several fields, Enter moves to the next one and confirms on the last. */
export function Fields(props: {
  title: string;
  fields: Array<{ key: string; label: string; initial?: string; password?: boolean }>;
  error?: string | null;
  extra?: React.ReactNode;
  onOk: (values: Record<string, string>) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(props.fields.map((f) => [f.key, f.initial ?? ''])));
  const refs = useRef<Array<{ focus: () => void } | null>>([]);
  const enter = (i: number) => {
    if (i + 1 < props.fields.length) refs.current[i + 1]?.focus();
    else props.onOk(values);
  };
  return (
    <Modal
      open
      transitionName=""
      maskTransitionName=""
      title={props.title}
      onCancel={props.onCancel}
      footer={null}
      destroyOnHidden
      afterOpenChange={(o) => o && refs.current[0]?.focus()}
    >
      <EscapeCancels onCancel={props.onCancel} />
      {props.extra}
      {props.error && <Alert type="error" showIcon message={props.error} style={{ marginBottom: 8 }} data-testid="dialog-error" />}
      {props.fields.map((f, i) => {
        const common = {
          autoFocus: i === 0,
          'aria-label': f.label,
          value: values[f.key],
          onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [f.key]: e.target.value }),
          onPressEnter: () => enter(i),
          ref: (r: { focus: () => void } | null) => {
            refs.current[i] = r;
          },
        };
        return (
          <div key={f.key} style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">{f.label}</Typography.Text>
            {f.password ? <Input.Password {...common} /> : <Input {...common} />}
          </div>
        );
      })}
    </Modal>
  );
}

/** A list to pick from with ↑↓ and Enter. */
export function Picker<T>(props: { title: string; hint: string; items: T[]; render: (item: T) => React.ReactNode; onPick: (item: T) => void; onCancel: () => void }) {
  const [i, setI] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  const key = (e: ReactKeyboardEvent) => {
    if (e.key === 'ArrowDown') setI((x) => Math.min(props.items.length - 1, x + 1));
    else if (e.key === 'ArrowUp') setI((x) => Math.max(0, x - 1));
    else if (e.key === 'Enter' && props.items[i]) props.onPick(props.items[i]);
    else return;
    e.preventDefault();
  };
  return (
    <Modal
      open
      transitionName=""
      maskTransitionName=""
      title={props.title}
      onCancel={props.onCancel}
      footer={null}
      destroyOnHidden
      afterOpenChange={(o) => o && box.current?.focus()}
    >
      <EscapeCancels onCancel={props.onCancel} />
      <Typography.Text type="secondary">{props.hint}</Typography.Text>
      <div ref={box} tabIndex={0} onKeyDown={key} data-testid="picker" style={{ outline: 'none', marginTop: 8 }}>
        {props.items.map((item, k) => (
          <div key={k} onClick={() => props.onPick(item)} style={{ padding: '6px 8px', cursor: 'pointer', background: k === i ? '#e6f4ff' : undefined }} data-selected={k === i}>
            {props.render(item)}
          </div>
        ))}
      </div>
    </Modal>
  );
}

/** A table of tender rows with one number input each (handover counts, refund quantities). */
export function RowInputs<R extends { key: string }>(props: {
  title: string;
  rows: R[];
  columns: Array<{ title: string; render: (r: R) => React.ReactNode }>;
  inputTitle: string;
  tail?: { label: string; initial?: string };
  error?: string | null;
  onOk: (values: Record<string, string>, tail: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, string>>({});
  const [tail, setTail] = useState(props.tail?.initial ?? '');
  const refs = useRef<Array<{ focus: () => void } | null>>([]);
  const count = props.rows.length + (props.tail ? 1 : 0);
  const enter = (i: number) => {
    if (i + 1 < count) refs.current[i + 1]?.focus();
    else props.onOk(values, tail);
  };
  return (
    <Modal
      open
      transitionName=""
      maskTransitionName=""
      title={props.title}
      onCancel={props.onCancel}
      footer={null}
      width={720}
      destroyOnHidden
      afterOpenChange={(o) => o && refs.current[0]?.focus()}
    >
      <EscapeCancels onCancel={props.onCancel} />
      {props.error && <Alert type="error" showIcon message={props.error} style={{ marginBottom: 8 }} data-testid="dialog-error" />}
      <Table<R>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={props.rows}
        columns={[
          ...props.columns.map((c, k) => ({ key: String(k), title: c.title, render: (_: unknown, r: R) => c.render(r) })),
          {
            key: 'input',
            title: props.inputTitle,
            render: (_: unknown, r: R) => {
              const i = props.rows.indexOf(r);
              return (
                <Input
                  autoFocus={i === 0}
                  aria-label={`${props.inputTitle} ${r.key}`}
                  value={values[r.key] ?? ''}
                  onChange={(e) => setValues({ ...values, [r.key]: e.target.value })}
                  onPressEnter={() => enter(i)}
                  ref={(x) => {
                    refs.current[i] = x;
                  }}
                />
              );
            },
          },
        ]}
      />
      {props.tail && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{props.tail.label}</Typography.Text>
          <Input
            aria-label={props.tail.label}
            value={tail}
            onChange={(e) => setTail(e.target.value)}
            onPressEnter={() => enter(props.rows.length)}
            ref={(x) => {
              refs.current[props.rows.length] = x;
            }}
          />
        </div>
      )}
      <Typography.Text type="secondary">{t('till.cancel')}</Typography.Text>
    </Modal>
  );
}
