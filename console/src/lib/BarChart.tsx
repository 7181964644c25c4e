import { Empty, Skeleton } from 'antd';
import { lazy, Suspense } from 'react';

export interface Bar {
  key: string;
  label: string;
  /** an exact decimal string or a number (amounts are shown as given) */
  value: string | number;
}

// the chart library (@ant-design/plots, on AntV G2) is fetched when a chart is first drawn: it stays
// out of the login page and the shell, and out of a screen's own chunk until the chart is shown
const Plot = lazy(() => import('./BarPlot'));

/**
 * A horizontal bar chart (today's sales per store, a report's page): drawn by @ant-design/plots,
 * each bar labelled with its figure. Bar lengths use Number() — drawing only; the figures shown
 * are the server's exact strings, formatted by `format`. Screen readers get every label and figure
 * as the chart's text (`role="img"`), since the drawing itself is a canvas.
 */
export function BarChart({ bars, format = String, testId }: { bars: Bar[]; format?: (v: string | number) => string; testId?: string }) {
  if (!bars.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  // a bar per row, named by its label (a repeated label gets its row number, or the bars would merge)
  const seen = new Map<string, number>();
  const data = bars.map((b, i) => {
    const n = (seen.get(b.label) ?? 0) + 1;
    seen.set(b.label, n);
    return { label: n > 1 ? `${b.label} (${i + 1})` : b.label, value: Number(b.value) || 0, text: format(b.value) };
  });
  const height = Math.max(140, bars.length * 30 + 40);
  return (
    <div data-testid={testId} role="img" aria-label={data.map((b) => `${b.label} ${b.text}`).join('; ')} style={{ height }}>
      <Suspense fallback={<Skeleton active paragraph={{ rows: Math.min(bars.length, 4) }} />}>
        <Plot
          data={data}
          xField="label"
          yField="value"
          height={height}
          autoFit
          axis={{ y: { labelFormatter: () => '' } }}
          label={{ text: 'text', position: 'right', dx: 4 }}
          tooltip={{ title: 'label', items: [{ field: 'text', name: '' }] }}
          style={{ fill: '#1677ff', maxWidth: 22 }}
          legend={false}
          paddingRight={90}
          scale={{ y: { nice: true } }}
          aria-hidden
        />
      </Suspense>
    </div>
  );
}
