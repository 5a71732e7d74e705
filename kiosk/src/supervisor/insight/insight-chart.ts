import { LitElement, css, html, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

/** One line or set of bars of a chart; `dash` tells series apart without colour. */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  dash?: number[];
}

/** What a chart draws: x positions with their labels (days or steps), and the series over them. */
export interface ChartSpec {
  kind: 'bars' | 'lines';
  labels: string[];
  series: ChartSeries[];
  /** Formats a y value for the axis (durations, percents); plain numbers when absent. */
  yFormat?: (v: number) => string;
}

/** Colours that stay apart on the tablet's light surface; the legend and the dashes carry the meaning too. */
export const palette = ['#0b5cad', '#c0262d', '#1f7a43', '#7a4cc2', '#a86b00', '#4a5562', '#0f7f8a', '#b0368f'];

let uplotModule: Promise<typeof uPlot> | null = null;
/** uPlot is fetched the first time a chart is drawn: the tablet's other tabs and every kiosk never download it. */
const loadUplot = (): Promise<typeof uPlot> => (uplotModule ??= import('uplot').then((m) => m.default));

/**
 * A uPlot chart sized to its container. Bars for categories (steps, durations), lines for days.
 * `data-series` tells how many series are drawn once drawn (for the tests); the figures
 * themselves are always also given as a table or a sentence beside it by the section.
 */
@customElement('insight-chart')
export class InsightChart extends LitElement {
  static override styles = [
    unsafeCSS(uplotCss),
    css`
      :host {
        display: block;
        min-width: 0;
      }
      .box {
        min-height: 240px;
      }
      .uplot {
        font-family: inherit;
      }
      .u-legend {
        font-size: 0.95rem;
      }
    `,
  ];

  @property({ attribute: false }) spec: ChartSpec | null = null;
  @query('.box') private box!: HTMLDivElement;
  private plot: uPlot | null = null;
  private readonly resize = new ResizeObserver(() => this.plot?.setSize(this.size()));

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(280, this.box?.clientWidth ?? 600), height: 240 };
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('spec')) void this.draw();
  }

  /** Number of data series drawn (x excluded); 0 before the chart is drawn. */
  get seriesCount(): number {
    return this.plot ? this.plot.series.length - 1 : 0;
  }

  private async draw(): Promise<void> {
    const spec = this.spec;
    const U = await loadUplot();
    if (spec !== this.spec || !this.isConnected) return;
    this.plot?.destroy();
    this.plot = null;
    this.removeAttribute('data-series');
    if (!spec || !spec.labels.length) return;
    const xs = spec.labels.map((_, i) => i);
    const bars = spec.kind === 'bars' ? U.paths.bars!({ size: [0.7, 80], gap: 2 }) : undefined;
    const labels = spec.labels;
    const yFormat = spec.yFormat ?? ((v: number) => String(v));
    const opts: uPlot.Options = {
      ...this.size(),
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, labels.length - 0.5)] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        {
          splits: () => xs.filter((i) => labels.length <= 12 || i % Math.ceil(labels.length / 12) === 0),
          values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
          // Step names side by side overlap on a tablet: slanted, they each keep their room.
          ...(spec.kind === 'bars' && labels.length > 3 ? { rotate: -30, size: 90 } : {}),
        },
        { values: (_u, splits) => splits.map((v) => yFormat(v)), size: 70 },
      ],
      cursor: { drag: { x: false, y: false } },
      // Names only (the figures are in the table beside): no hover values, no untranslated "Value".
      legend: { live: false },
      series: [
        { label: '', value: (_u, i) => (i == null ? '' : (labels[Math.round(i)] ?? '')) },
        ...spec.series.map((s, i): uPlot.Series => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          dash: s.dash,
          value: (_u, v) => (v == null ? '–' : yFormat(v)),
          ...(bars ? { paths: bars, fill: `${s.color}${i === 0 ? 'cc' : '88'}`, points: { show: false } } : { points: { show: true, size: 6 } }),
        })),
      ],
    };
    this.plot = new U(opts, [xs, ...spec.series.map((s) => s.values)] as uPlot.AlignedData, this.box);
    this.setAttribute('data-series', String(this.seriesCount));
    this.dispatchEvent(new Event('chart-drawn'));
  }

  override render() {
    // Hidden from screen readers: the same figures are in the table the section puts beside the chart.
    return html`<div class="box" aria-hidden="true"></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'insight-chart': InsightChart;
  }
}
