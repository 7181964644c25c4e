// The one chart of @ant-design/plots the console draws, imported by name so the bundle keeps only
// what it needs; loaded lazily by BarChart.
export { Bar as default } from '@ant-design/plots';
