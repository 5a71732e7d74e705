import { html, nothing, type TemplateResult } from 'lit';
import type { SettingsReply } from '../../../../shared/schemas/settings.js';
import { activeSteps, stepLabel } from '../../../../shared/workflow.js';
import { formatShortDate, localeState, t } from '../../common/locale.js';
import { durationText } from '../../common/time-in-step.js';
import { palette, type ChartSpec } from './insight-chart.js';
import type { DayFigures, Overview, ReworkFigures, StepFigures, WipDays } from './insight-api.js';
import './insight-chart.js';

/**
 * The dashboard's blocks. Each is a section with its heading, its chart, and the same figures as a
 * table or a sentence: the canvas is for the eye, the table for everyone (screen readers, copying).
 */

const dur = (s: number | null): string => (s === null ? '–' : durationText(localeState.locale, s));
const percent = (r: number | null): string =>
  r === null ? '–' : new Intl.NumberFormat(localeState.locale, { style: 'percent', maximumFractionDigits: 0 }).format(r);
const durAxis = (v: number): string => durationText(localeState.locale, v);

function block(id: string, title: string, body: TemplateResult): TemplateResult {
  return html`<section class="block" data-block=${id} aria-labelledby="h-${id}">
    <h3 id="h-${id}">${title}</h3>
    ${body}
  </section>`;
}

/** A table of figures, collapsed under a summary when long (a month of days). */
function figures(caption: string, head: string[], rows: (string | number)[][], collapsed = false): TemplateResult {
  const table = html`<table>
    <caption class="visually-hidden">${caption}</caption>
    <thead>
      <tr>
        ${head.map((h) => html`<th scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td>${c}</td>`))}</tr>`)}
    </tbody>
  </table>`;
  return collapsed ? html`<details><summary>${t('insight.figures', { title: caption })}</summary>${table}</details>` : table;
}

export function leadTimeBlock(o: Overview): TemplateResult {
  const lt = o.leadTime;
  const spec: ChartSpec = {
    kind: 'bars',
    labels: lt.buckets.map((b) => dur(b.fromSeconds)),
    series: [{ label: t('insight.orders'), values: lt.buckets.map((b) => b.count), color: palette[0] }],
  };
  const ot = o.onTime;
  return block(
    'lead',
    t('insight.leadTime'),
    html`<p class="figure" data-lead>
        ${lt.count ? t('insight.leadTimeText', { count: lt.count, median: dur(lt.medianSeconds), p90: dur(lt.p90Seconds) }) : t('insight.noData')}
      </p>
      <p class="figure" data-on-time>
        <b>${t('insight.onTime')}</b> ·
        ${ot.finished
          ? t('insight.onTimeText', { rate: percent(ot.rate), onTime: ot.finished - ot.late, finished: ot.finished, late: ot.late })
          : t('insight.onTimeNone')}
      </p>
      ${lt.buckets.length
        ? html`<insight-chart .spec=${spec} data-chart="lead"></insight-chart>
            ${figures(
              t('insight.leadTime'),
              [t('insight.leadBucket'), t('insight.orders')],
              lt.buckets.map((b) => [b.toSeconds === null ? `≥ ${dur(b.fromSeconds)}` : `${dur(b.fromSeconds)} – ${dur(b.toSeconds)}`, b.count]),
            )}`
        : nothing}`,
  );
}

/** The steps orders wait in (the final step and those after it have no time to show). */
const activeOnly = <T extends { stepId: string }>(rows: T[], s: SettingsReply): T[] => {
  const active = new Set(activeSteps(s).map((x) => x.id));
  return rows.filter((x) => active.has(x.stepId));
};

export function stepsBlock(steps: StepFigures[], s: SettingsReply): TemplateResult {
  const shown = activeOnly(steps, s);
  const spec: ChartSpec = {
    kind: 'bars',
    labels: shown.map((x) => stepLabel(s, x.stepId)),
    series: [
      { label: t('insight.p90'), values: shown.map((x) => x.p90Seconds), color: palette[4] },
      { label: t('insight.median'), values: shown.map((x) => x.medianSeconds), color: palette[0] },
    ],
    yFormat: durAxis,
  };
  return block(
    'steps',
    t('insight.steps'),
    html`<insight-chart .spec=${spec} data-chart="steps"></insight-chart>
      ${figures(
        t('insight.steps'),
        [t('insight.step'), t('insight.entered'), t('insight.left'), t('insight.median'), t('insight.p90'), t('insight.reworkCount')],
        steps.map((x) => [stepLabel(s, x.stepId), x.entered, x.left, dur(x.medianSeconds), dur(x.p90Seconds), x.reworkCount]),
      )}`,
  );
}

export function throughputBlock(days: DayFigures[]): TemplateResult {
  const spec: ChartSpec = {
    kind: 'lines',
    labels: days.map((d) => formatShortDate(d.day)),
    series: [
      { label: t('insight.started'), values: days.map((d) => d.started), color: palette[0] },
      { label: t('insight.finished'), values: days.map((d) => d.finished), color: palette[2], dash: [8, 4] },
      { label: t('insight.late'), values: days.map((d) => d.late), color: palette[1], dash: [2, 3] },
    ],
  };
  const sum = (k: 'started' | 'finished' | 'late') => days.reduce((n, d) => n + d[k], 0);
  return block(
    'throughput',
    t('insight.throughput'),
    html`<p class="figure" data-throughput-total>
        ${t('insight.started')} ${sum('started')} · ${t('insight.finished')} ${sum('finished')} · ${t('insight.late')} ${sum('late')}
      </p>
      <insight-chart .spec=${spec} data-chart="throughput"></insight-chart>
      ${figures(
        t('insight.throughput'),
        [t('insight.day'), t('insight.started'), t('insight.finished'), t('insight.late')],
        days.map((d) => [formatShortDate(d.day), d.started, d.finished, d.late]),
        true,
      )}`,
  );
}

export function wipBlock(w: WipDays, s: SettingsReply): TemplateResult {
  const steps = activeSteps(s);
  const spec: ChartSpec = {
    kind: 'lines',
    labels: w.days.map((d) => formatShortDate(d.day)),
    series: steps.map((st, i) => ({
      label: st.label,
      values: w.days.map((d) => d.steps[st.id] ?? 0),
      color: palette[i % palette.length],
      ...(i % 2 ? { dash: [6, 3] } : {}),
    })),
  };
  return block(
    'wip',
    t('insight.wip'),
    w.days.length
      ? html`<insight-chart .spec=${spec} data-chart="wip"></insight-chart>
          ${figures(
            t('insight.wip'),
            [t('insight.day'), ...steps.map((st) => st.label)],
            w.days.map((d) => [formatShortDate(d.day), ...steps.map((st) => d.steps[st.id] ?? 0)]),
            true,
          )}`
      : html`<p class="figure">${t('insight.noData')}</p>`,
  );
}

const reasonsText = (r: ReworkFigures): string =>
  r.topReasons.map((x) => `${x.reasonCode === null ? t('insight.noReason') : x.label || x.reasonCode} (${x.count})`).join(', ') || '–';

export function reworkBlock(o: Overview, s: SettingsReply, machineName: (id: string) => string): TemplateResult {
  const steps = activeOnly(o.rework.steps, s);
  const spec: ChartSpec = {
    kind: 'bars',
    labels: steps.map((x) => stepLabel(s, x.stepId)),
    series: [{ label: t('insight.rate'), values: steps.map((x) => (x.rate === null ? null : Math.round(x.rate * 1000) / 10)), color: palette[1] }],
    yFormat: (v) => `${v} %`,
  };
  const head = [t('insight.left'), t('insight.reworkCount'), t('insight.rate'), t('insight.topReasons')];
  const cells = (r: ReworkFigures) => [r.left, r.reworkCount, percent(r.rate), reasonsText(r)];
  return block(
    'rework',
    t('insight.rework'),
    html`${steps.length ? html`<insight-chart .spec=${spec} data-chart="rework"></insight-chart>` : nothing}
      ${figures(t('insight.rework'), [t('insight.step'), ...head], steps.map((x) => [stepLabel(s, x.stepId), ...cells(x)]))}
      <h4>${t('insight.reworkMachines')}</h4>
      ${o.rework.machines.length
        ? figures(t('insight.reworkMachines'), [t('insight.machine'), ...head], o.rework.machines.map((m) => [machineName(m.machineId), ...cells(m)]))
        : html`<p class="figure">${t('insight.noData')}</p>`}`,
  );
}
