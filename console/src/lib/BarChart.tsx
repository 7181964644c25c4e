import { Empty, Tooltip } from 'antd';

export interface Bar {
  key: string;
  label: string;
  /** an exact decimal string or a number (amounts are shown as given) */
  value: string | number;
}

/**
 * A horizontal bar chart of a few rows (today's sales per store): plain elements, no chart library
 * (none is in the console's dependencies, and a chart library would cost ~1 MB for one picture).
 * Bar lengths use Number(): drawing only — the figures shown are the server's exact strings.
 */
export function BarChart({ bars, format = String, testId }: { bars: Bar[]; format?: (v: string | number) => string; testId?: string }) {
  if (!bars.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const max = Math.max(...bars.map((b) => Math.abs(Number(b.value)) || 0), 1);
  return (
    <div data-testid={testId} role="img" aria-label={bars.map((b) => `${b.label} ${format(b.value)}`).join('; ')}>
      {bars.map((b) => {
        const pct = Math.max(0, (Number(b.value) / max) * 100);
        return (
          <div key={b.key} style={{ display: 'flex', alignItems: 'center', gap: 8, margin: '6px 0' }}>
            <div style={{ width: 140, flex: 'none', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={b.label}>
              {b.label}
            </div>
            <div style={{ flex: 1, background: '#f5f5f5', borderRadius: 4, height: 18 }}>
              <Tooltip title={`${b.label}: ${format(b.value)}`}>
                <div style={{ width: `${pct}%`, minWidth: pct > 0 ? 2 : 0, height: '100%', background: '#1677ff', borderRadius: 4 }} />
              </Tooltip>
            </div>
            <div style={{ width: 110, flex: 'none', textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{format(b.value)}</div>
          </div>
        );
      })}
    </div>
  );
}
