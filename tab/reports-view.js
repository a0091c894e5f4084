// Rendering of the reports page: the totals, one table row per space (with a link to its public
// memoir), and each chart with its data table beside it (the table is what a screen reader reads).
// Titles come from staff forms: they are only ever set with textContent.
import { el, formatDate } from './panel-view.js';

const number = new Intl.NumberFormat('es-CO');
const decimal = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('es-CO', { style: 'percent', maximumFractionDigits: 1 });

const show = (value, format = number) =>
  value === null || value === undefined ? 'Sin datos' : format.format(value);

/** The columns of the spaces table: header, then the cell of a row. */
const columns = [
  ['Fecha', (row) => formatDate(row.date)],
  ['Tipo', (row) => row.typeLabel],
  ['Lugar', (row) => [row.municipality, row.department].filter(Boolean).join(', ') || 'Sin lugar'],
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

/** The totals over the listed spaces, as a description list. */
export function renderTotals(list, totals) {
  const { figures } = totals;
  const entries = [
    ['Espacios', show(totals.spaces)],
    ['Preguntas captadas', show(figures.captured)],
    ['Respondidas en vivo', show(figures.answeredLive)],
    ['Registradas', show(figures.registered)],
    ['Respondidas a tiempo', show(figures.answeredOnTime)],
    ['Respondidas tarde', show(figures.answeredLate)],
    ['Pendientes', show(figures.pending)],
    ['Vencidas', show(figures.overdue)],
    ['Días hábiles para responder (mediana)', show(figures.businessDaysToAnswer.median, decimal)],
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

export function outcomesChart(figures) {
  const outcomes = outcomesOf(figures);
  return {
    type: 'bar',
    data: {
      labels: outcomes.map(([label]) => label),
      datasets: [
        {
          label: 'Preguntas',
          data: outcomes.map(([, value]) => value),
          backgroundColor: palette,
        },
      ],
    },
    options: { indexAxis: 'y', plugins: { legend: { display: false } } },
  };
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
