// Rendering of the reports page: the totals, one table row per space (with a link to its public
// memoir), and each chart with its data table beside it (the table is what a screen reader reads).
// Titles come from staff forms: they are only ever set with textContent.
import { channelLabels } from './moderation-labels.js';
import { el, formatDate } from './panel-view.js';

const number = new Intl.NumberFormat('es-CO');
const decimal = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('es-CO', { style: 'percent', maximumFractionDigits: 1 });

const show = (value, format = number) =>
  value === null || value === undefined ? 'Sin datos' : format.format(value);

/** The columns of the spaces table: header, the cell of a row, and `text` for a left-aligned one. */
const columns = [
  ['Fecha', (row) => formatDate(row.date), 'text'],
  ['Tipo', (row) => row.typeLabel, 'text'],
  [
    'Lugar',
    (row) => [row.municipality, row.department].filter(Boolean).join(', ') || 'Sin lugar',
    'text',
  ],
  ['Participantes', (row) => show(row.participants)],
  ['Captadas', (row) => show(row.figures.captured)],
  ['En vivo', (row) => show(row.figures.answeredLive)],
  ['Registradas', (row) => show(row.figures.registered)],
  ['A tiempo', (row) => show(row.figures.answeredOnTime)],
  ['Tarde', (row) => show(row.figures.answeredLate)],
  ['Pendientes', (row) => show(row.figures.pending)],
  ['Vencidas', (row) => show(row.figures.overdue)],
  ['Días hábiles (mediana)', (row) => show(row.figures.businessDaysToAnswer.median, decimal)],
  ['Satisfacción (media)', (row) => show(row.figures.satisfaction.mean, decimal)],
];

export const memoirUrl = (id) => `/respuestas/espacios/${encodeURIComponent(id)}`;

/** One row per space, its title linking to the public memoir; `empty` shows when there is none. */
export function renderSpaces(table, empty, rows) {
  const head = table.querySelector('thead');
  const body = table.querySelector('tbody');
  head.replaceChildren(
    el(
      'tr',
      {},
      el('th', { scope: 'col' }, 'Espacio'),
      columns.map(([header]) => el('th', { scope: 'col' }, header)),
    ),
  );
  body.replaceChildren(
    ...rows.map((row) =>
      el(
        'tr',
        { 'data-space-id': row.id },
        el(
          'th',
          { scope: 'row' },
          el(
            'a',
            { href: memoirUrl(row.id), target: '_blank', rel: 'noopener' },
            row.title,
            el('span', { class: 'visually-hidden' }, ' (memoria pública, se abre en otra pestaña)'),
          ),
        ),
        columns.map(([, cell, kind]) => el('td', { class: kind }, cell(row))),
      ),
    ),
  );
  empty.hidden = rows.length > 0;
}

/** "1.285 (2 de 3 espacios con registro)": the participants of the spaces that recorded them. */
export function participation(totals) {
  const { total, recorded } = totals.participants;
  if (total === null) return 'Sin registro';
  if (recorded === totals.spaces) return show(total);
  return `${show(total)} (${show(recorded)} de ${show(totals.spaces)} espacios con registro)`;
}

/** "Teams 7 · Facebook 2": captured questions per channel, most first. */
function byChannel(counts) {
  const entries = Object.entries(counts).sort(([, a], [, b]) => b - a);
  if (entries.length === 0) return 'Sin preguntas';
  return entries
    .map(([channel, count]) => `${channelLabels[channel] ?? 'Otro canal'} ${show(count)}`)
    .join(' · ');
}

/** "1: 0 · 2: 1 · 3: 0 · 4: 1 · 5: 1": how many gave each rating. */
function ratings(distribution) {
  return ['1', '2', '3', '4', '5']
    .map((rating) => `${rating}: ${show(distribution[rating])}`)
    .join(' · ');
}

/** The totals over the listed spaces, as a description list. */
export function renderTotals(list, totals) {
  const { figures } = totals;
  const entries = [
    ['Espacios', show(totals.spaces)],
    ['Participantes', participation(totals)],
    ['Preguntas captadas', show(figures.captured)],
    ['Respondidas en vivo', show(figures.answeredLive)],
    ['Registradas', show(figures.registered)],
    ['Respondidas a tiempo', show(figures.answeredOnTime)],
    ['Respondidas tarde', show(figures.answeredLate)],
    ['Pendientes', show(figures.pending)],
    ['Vencidas', show(figures.overdue)],
    ['Días hábiles para responder (mediana)', show(figures.businessDaysToAnswer.median, decimal)],
    ['Días hábiles para responder (percentil 90)', show(figures.businessDaysToAnswer.p90, decimal)],
    ['Agrupadas con otra igual', show(figures.duplicatesGrouped)],
    ['Por canal', byChannel(figures.capturedByChannel)],
    ['Respuestas entregadas', show(figures.deliveries.sent)],
    [
      'Entregas fallidas o sin canal',
      show(figures.deliveries.failed + figures.deliveries.unreachable),
    ],
    ['Entregas pendientes', show(figures.deliveries.pending)],
    ['Satisfacción promedio (1 a 5)', show(figures.satisfaction.mean, decimal)],
    ['Calificaciones (1 a 5)', ratings(figures.satisfaction.distribution)],
    ['Tasa de respuesta a la encuesta', show(figures.satisfaction.responseRate, percent)],
  ];
  list.replaceChildren(
    ...entries.flatMap(([term, value]) => [
      el('dt', {}, term),
      el('dd', { 'data-total': term }, value),
    ]),
  );
}

/** What became of the registered questions: the outcomes chart's labels and values. */
export function outcomesOf(figures) {
  return [
    ['Respondidas a tiempo', figures.answeredOnTime],
    ['Respondidas tarde', figures.answeredLate],
    ['Pendientes', figures.pending],
    ['Vencidas', figures.overdue],
    ['Remitidas a otra entidad', figures.forwarded],
    ['Retiradas', figures.withdrawn],
    ['Rechazadas', figures.rejected],
  ];
}

export function renderDataTable(table, rows) {
  table.querySelector('tbody').replaceChildren(
    ...rows.map(([label, ...values]) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, label),
        values.map((value) => el('td', {}, show(value))),
      ),
    ),
  );
}

const palette = ['#0e5c0e', '#8a5a00', '#4f52b2', '#b10e1c', '#5c5c5c', '#0a58ca', '#6b4a00'];

/**
 * Draws (or redraws) a chart with Chart.js when it loaded; the data table beside it says the same
 * for whoever cannot see it, and is all there is if the library did not load.
 */
export function drawChart(charts, canvas, config) {
  const Chart = globalThis.Chart;
  if (!Chart) return;
  charts.get(canvas)?.destroy();
  charts.set(
    canvas,
    new Chart(canvas, {
      ...config,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        ...config.options,
      },
    }),
  );
}

/** A bar chart of one series of [label, value] pairs, without legend; horizontal for long labels. */
function oneSeriesChart(pairs, label, color, { horizontal = false } = {}) {
  return {
    type: 'bar',
    data: {
      labels: pairs.map(([name]) => name),
      datasets: [{ label, data: pairs.map(([, value]) => value), backgroundColor: color }],
    },
    options: {
      ...(horizontal ? { indexAxis: 'y' } : {}),
      plugins: { legend: { display: false } },
    },
  };
}

export function outcomesChart(figures) {
  return oneSeriesChart(outcomesOf(figures), 'Preguntas', palette, { horizontal: true });
}

/** The knowledge base's topics most asked, then the questions with no clear topic. */
export function topicsOf(figures) {
  const { knowledge, withoutKnowledgeTopic } = figures.topics;
  return [
    ...knowledge.map((topic) => [topic.label, topic.questions]),
    ...(withoutKnowledgeTopic > 0 ? [['Sin tema identificado', withoutKnowledgeTopic]] : []),
  ];
}

/** The moderators' areas most asked, then the questions no one has assigned yet. */
export function areasOf(figures) {
  const { areas, withoutArea } = figures.topics;
  return [
    ...areas.map((area) => [area.area, area.questions]),
    ...(withoutArea > 0 ? [['Sin área asignada', withoutArea]] : []),
  ];
}

export function topicsChart(figures) {
  const topics = figures.topics.knowledge.map((topic) => [topic.label, topic.questions]);
  return oneSeriesChart(topics, 'Preguntas', palette[3], { horizontal: true });
}

export function capturedChart(rows) {
  return {
    type: 'bar',
    data: {
      labels: rows.map((row) => row.title),
      datasets: [
        {
          label: 'Captadas',
          data: rows.map((row) => row.figures.captured),
          backgroundColor: palette[2],
        },
        {
          label: 'Respondidas en vivo',
          data: rows.map((row) => row.figures.answeredLive),
          backgroundColor: palette[0],
        },
      ],
    },
  };
}

/** The rows of the year's comparison: label, the year's value, the previous year's, format. */
export function yearComparisonOf(report) {
  const current = report.totals;
  const previous = report.previousYear.totals;
  const figure = (pick) => [pick(current.figures), pick(previous.figures)];
  return [
    ['Espacios', current.spaces, previous.spaces, number],
    ['Participantes', current.participants.total, previous.participants.total, number],
    ['Preguntas captadas', ...figure((f) => f.captured), number],
    ['Respondidas en vivo', ...figure((f) => f.answeredLive), number],
    ['Registradas', ...figure((f) => f.registered), number],
    ['Respondidas a tiempo', ...figure((f) => f.answeredOnTime), number],
    ['Respondidas tarde', ...figure((f) => f.answeredLate), number],
    ['Pendientes', ...figure((f) => f.pending), number],
    ['Vencidas', ...figure((f) => f.overdue), number],
    [
      'Días hábiles para responder (mediana)',
      ...figure((f) => f.businessDaysToAnswer.median),
      decimal,
    ],
    ['Satisfacción promedio (1 a 5)', ...figure((f) => f.satisfaction.mean), decimal],
    ['Tasa de respuesta a la encuesta', ...figure((f) => f.satisfaction.responseRate), percent],
  ];
}

const signed = (value, format) =>
  value === 0 ? '0' : `${value > 0 ? '+' : '−'}${format.format(Math.abs(value))}`;

/** The difference of two figures; a rate's in percentage points. */
function difference(current, previous, format) {
  if (current === null || current === undefined || previous === null || previous === undefined)
    return 'Sin datos';
  if (format === percent) {
    const points = Math.round((current - previous) * 1000) / 10;
    return `${signed(points, decimal)} puntos`;
  }
  return signed(Math.round((current - previous) * 100) / 100, format === number ? number : decimal);
}

/** The year's totals against the previous year's: figure, year, previous year, difference. */
export function renderYearComparison(table, report) {
  table
    .querySelector('thead')
    .replaceChildren(
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'Cifra'),
        el('th', { scope: 'col' }, String(report.year)),
        el('th', { scope: 'col' }, `${report.previousYear.year} (año anterior)`),
        el('th', { scope: 'col' }, 'Diferencia'),
      ),
    );
  table
    .querySelector('tbody')
    .replaceChildren(
      ...yearComparisonOf(report).map(([label, current, previous, format]) =>
        el(
          'tr',
          { 'data-figure': label },
          el('th', { scope: 'row' }, label),
          el('td', {}, show(current, format)),
          el('td', {}, show(previous, format)),
          el('td', {}, difference(current, previous, format)),
        ),
      ),
    );
}

/** The question counts the year's chart compares, as [label, year, previous year]. */
export function yearChartRowsOf(report) {
  return yearComparisonOf(report)
    .filter(([label]) =>
      [
        'Preguntas captadas',
        'Respondidas en vivo',
        'Registradas',
        'Respondidas a tiempo',
        'Respondidas tarde',
        'Pendientes',
        'Vencidas',
      ].includes(label),
    )
    .map(([label, current, previous]) => [label, current, previous]);
}

export function renderYearChartTable(table, report) {
  table
    .querySelector('thead')
    .replaceChildren(
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'Cifra'),
        el('th', { scope: 'col' }, String(report.year)),
        el('th', { scope: 'col' }, String(report.previousYear.year)),
      ),
    );
  renderDataTable(table, yearChartRowsOf(report));
}

export function yearChart(report) {
  const rows = yearChartRowsOf(report);
  return {
    type: 'bar',
    data: {
      labels: rows.map(([label]) => label),
      datasets: [
        {
          label: String(report.year),
          data: rows.map(([, current]) => current),
          backgroundColor: palette[2],
        },
        {
          label: String(report.previousYear.year),
          data: rows.map(([, , previous]) => previous),
          backgroundColor: palette[4],
        },
      ],
    },
  };
}

/** Each space of the year and its participants (null: not recorded, no bar). */
export function participantsRowsOf(rows) {
  return rows.map((row) => [row.title, row.participants]);
}

export function participantsChart(rows) {
  return oneSeriesChart(participantsRowsOf(rows), 'Participantes', palette[0]);
}
