/**
 * A small horizontal bar chart (SVG, no dependency): one bar per row, labelled, the value at its
 * end. Enough for a report's top rows; negative values draw from the axis to the left.
 */
export function BarChart(props: { rows: { label: string; value: number }[]; format?(v: number): string; height?: number; color?: string }) {
  const rows = props.rows.slice(0, 15);
  if (rows.length === 0) return null;
  const fmt = props.format ?? ((v: number) => String(v));
  const bar = 22;
  const gap = 6;
  const labelW = 180;
  const width = 760;
  const plotW = width - labelW - 90;
  const max = Math.max(...rows.map((r) => Math.abs(r.value)), 1);
  const hasNeg = rows.some((r) => r.value < 0);
  const zero = labelW + (hasNeg ? plotW / 2 : 0);
  const scale = (hasNeg ? plotW / 2 : plotW) / max;
  const h = rows.length * (bar + gap);
  return (
    <svg viewBox={`0 0 ${width} ${h}`} width="100%" style={{ maxWidth: width, display: 'block' }} role="img" data-testid="bar-chart">
      {rows.map((r, i) => {
        const y = i * (bar + gap);
        const w = Math.abs(r.value) * scale;
        const x = r.value < 0 ? zero - w : zero;
        return (
          <g key={`${r.label}-${i}`}>
            <text x={labelW - 8} y={y + bar * 0.7} textAnchor="end" fontSize={12} fill="#333">
              {r.label.length > 16 ? `${r.label.slice(0, 15)}…` : r.label}
            </text>
            <rect x={x} y={y} width={Math.max(w, 1)} height={bar} rx={3} fill={r.value < 0 ? '#ff7875' : (props.color ?? '#1677ff')} />
            <text x={r.value < 0 ? x - 4 : x + w + 4} y={y + bar * 0.7} textAnchor={r.value < 0 ? 'end' : 'start'} fontSize={12} fill="#555">
              {fmt(r.value)}
            </text>
          </g>
        );
      })}
      <line x1={zero} x2={zero} y1={0} y2={h} stroke="#bbb" />
    </svg>
  );
}
