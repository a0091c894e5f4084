// The reports page: figures per space for the filters chosen (GET /api/reports/spaces), their
// totals, three charts each with its data table (what happened to the questions, per space, the
// most asked topics), the CSV and XLSX exports (downloaded with the
// staff member's token) and a link to each space's public memoir; below, the baseline of a year
// (GET /api/reports/years/{year}) against the year before, with its charts, tables and exports.
import {
  areasOf,
  capturedChart,
  drawChart,
  outcomesChart,
  outcomesOf,
  participantsChart,
  participantsRowsOf,
  renderDataTable,
  renderSpaces,
  renderTotals,
  renderYearChartTable,
  renderYearComparison,
  topicsChart,
  topicsOf,
  yearChart,
} from './reports-view.js';
import { formatDate, formatTime } from './panel-view.js';
import { staffApiClient, staffApiErrorClass } from './staff-api.js';
import { connectStaffSignIn } from './staff-sign-in.js';
import { initializeTeams } from './teams-host.js';

const ReportsApiError = staffApiErrorClass('ReportsApiError');
const messagesByStatus = {
  400: 'Revise los filtros.',
  401: 'Su sesión terminó. Inicie sesión de nuevo.',
  403: 'Su cuenta no tiene un rol de la ANM que permita ver los informes.',
  404: 'Los informes no están disponibles en este servidor.',
};
const offlineMessage =
  'No pudimos conectarnos con el servidor. Revise su conexión e intente de nuevo.';
const client = staffApiClient({ ErrorClass: ReportsApiError, messagesByStatus, offlineMessage });

const byId = (id) => document.getElementById(id);
const view = {
  error: byId('error'),
  errorMessage: byId('error-message'),
  errorProblems: byId('error-problems'),
  status: byId('status'),
  filters: byId('filters'),
  exportCsv: byId('export-csv'),
  exportXlsx: byId('export-xlsx'),
  generatedAt: byId('generated-at'),
  totals: byId('totals'),
  spacesTable: byId('spaces-table'),
  spacesEmpty: byId('spaces-empty'),
  outcomesChart: byId('outcomes-chart'),
  outcomesTable: byId('outcomes-table'),
  capturedChart: byId('captured-chart'),
  capturedTable: byId('captured-table'),
  topicsChart: byId('topics-chart'),
  topicsTable: byId('topics-table'),
  areasTable: byId('areas-table'),
  yearForm: byId('year-form'),
  yearInput: byId('year-input'),
  yearExportCsv: byId('year-export-csv'),
  yearExportXlsx: byId('year-export-xlsx'),
  yearResults: byId('year-results'),
  yearGeneratedAt: byId('year-generated-at'),
  yearTotals: byId('year-totals'),
  yearChart: byId('year-chart'),
  yearChartTable: byId('year-chart-table'),
  yearParticipantsChart: byId('year-participants-chart'),
  yearParticipantsTable: byId('year-participants-table'),
  yearSpacesTable: byId('year-spaces-table'),
  yearSpacesEmpty: byId('year-spaces-empty'),
};
const charts = new Map();

function showError(error) {
  view.errorMessage.textContent = error.message;
  view.errorProblems.replaceChildren(
    ...(error.problems ?? []).map((problem) => {
      const item = document.createElement('li');
      item.textContent = problem;
      return item;
    }),
  );
  view.error.hidden = false;
  view.error.focus();
}

function clearError() {
  view.error.hidden = true;
}

/** The filters as the API's query string; empty ones, and those in `skipped`, are left out. */
function queryOf(format, skipped = []) {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(view.filters)) {
    const text = String(value).trim();
    if (text && !skipped.includes(name)) query.set(name, text);
  }
  if (format) query.set('format', format);
  const text = query.toString();
  return text ? `?${text}` : '';
}

function filtersQuery(format) {
  return `/api/reports/spaces${queryOf(format)}`;
}

/** Colombia is UTC-5 all year: the year in Bogotá now. */
function currentBogotaYear() {
  return new Date(Date.now() - 5 * 60 * 60 * 1000).getUTCFullYear();
}

class YearProblem extends Error {}

/** The year's report path with the filters but the dates (the year sets the period). */
function yearPath(format) {
  const year = view.yearInput.value.trim();
  if (!/^\d{4}$/.test(year)) {
    throw new YearProblem('Año: escriba un año de cuatro cifras, por ejemplo 2026.');
  }
  return `/api/reports/years/${year}${queryOf(format, ['from', 'to'])}`;
}

async function load() {
  clearError();
  view.status.textContent = 'Cargando las cifras…';
  let report;
  try {
    report = await client.request('GET', filtersQuery());
  } catch (error) {
    view.status.textContent = '';
    if (error.status !== 401) showError(error);
    return;
  }
  const generated = new Date(report.generatedAt);
  view.generatedAt.textContent = `Cifras leídas el ${formatDate(generated)} a las ${formatTime(generated)}`;
  renderTotals(view.totals, report.totals);
  renderSpaces(view.spacesTable, view.spacesEmpty, report.spaces);
  renderDataTable(view.outcomesTable, outcomesOf(report.totals.figures));
  renderDataTable(
    view.capturedTable,
    report.spaces.map((row) => [row.title, row.figures.captured, row.figures.answeredLive]),
  );
  drawChart(charts, view.outcomesChart, outcomesChart(report.totals.figures));
  drawChart(charts, view.capturedChart, capturedChart(report.spaces));
  renderDataTable(view.topicsTable, topicsOf(report.totals.figures));
  renderDataTable(view.areasTable, areasOf(report.totals.figures));
  drawChart(charts, view.topicsChart, topicsChart(report.totals.figures));
  const count = report.spaces.length;
  view.status.textContent = count === 1 ? 'Cifras de 1 espacio.' : `Cifras de ${count} espacios.`;
}

function showYearProblem(error) {
  view.errorMessage.textContent = error.message;
  view.errorProblems.replaceChildren();
  view.error.hidden = false;
  view.yearInput.setAttribute('aria-invalid', 'true');
  view.yearInput.focus();
}

async function loadYear() {
  clearError();
  view.yearInput.removeAttribute('aria-invalid');
  let path;
  try {
    path = yearPath();
  } catch (error) {
    if (error instanceof YearProblem) return showYearProblem(error);
    throw error;
  }
  view.status.textContent = 'Cargando la línea base…';
  let report;
  try {
    report = await client.request('GET', path);
  } catch (error) {
    view.status.textContent = '';
    if (error.status !== 401) showError(error);
    return;
  }
  const generated = new Date(report.generatedAt);
  view.yearGeneratedAt.textContent = `Línea base de ${report.year}, cifras leídas el ${formatDate(generated)} a las ${formatTime(generated)}`;
  view.yearResults.hidden = false;
  renderYearComparison(view.yearTotals, report);
  renderYearChartTable(view.yearChartTable, report);
  renderDataTable(view.yearParticipantsTable, participantsRowsOf(report.spaces));
  renderSpaces(view.yearSpacesTable, view.yearSpacesEmpty, report.spaces);
  drawChart(charts, view.yearChart, yearChart(report));
  drawChart(charts, view.yearParticipantsChart, participantsChart(report.spaces));
  const count = report.spaces.length;
  view.status.textContent = `Línea base de ${report.year}: ${count === 1 ? '1 espacio' : `${count} espacios`}.`;
}

/** Downloads an export with the bearer token: a link cannot carry it, so fetch and a blob. */
async function download(format, button, pathOf = filtersQuery) {
  clearError();
  button.disabled = true;
  try {
    const path = pathOf(format);
    const token = await staffSession.token();
    if (!token) {
      staffSession.signedOut(messagesByStatus[401]);
      return;
    }
    let response;
    try {
      response = await fetch(path, {
        headers: { authorization: `Bearer ${token}` },
        cache: 'no-store',
      });
    } catch {
      throw new ReportsApiError(offlineMessage, 0);
    }
    if (!response.ok) {
      const payload = await response.json().catch(() => undefined);
      const message =
        payload?.error?.message ?? messagesByStatus[response.status] ?? messagesByStatus[400];
      if (response.status === 401) staffSession.signedOut(message);
      throw new ReportsApiError(message, response.status, {
        problems: Array.isArray(payload?.error?.problems) ? payload.error.problems : [],
      });
    }
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
      `informe.${format}`;
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    view.status.textContent = `Se descargó ${name}.`;
  } catch (error) {
    if (error instanceof YearProblem) showYearProblem(error);
    else if (error.status !== 401) showError(error);
  } finally {
    button.disabled = false;
  }
}

view.filters.addEventListener('submit', (event) => {
  event.preventDefault();
  void load();
});
view.exportCsv.addEventListener('click', () => void download('csv', view.exportCsv));
view.exportXlsx.addEventListener('click', () => void download('xlsx', view.exportXlsx));
view.yearInput.value = String(currentBogotaYear());
view.yearForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void loadYear();
});
view.yearExportCsv.addEventListener(
  'click',
  () => void download('csv', view.yearExportCsv, yearPath),
);
view.yearExportXlsx.addEventListener(
  'click',
  () => void download('xlsx', view.yearExportXlsx, yearPath),
);

const staffSession = await connectStaffSignIn({
  purpose: 'ver las cifras de los espacios de rendición de cuentas',
  teams: await initializeTeams(),
  section: byId('sign-in'),
  footer: byId('staff-footer'),
  devRole: 'staff',
  onSignedIn() {
    void load();
  },
});
client.useStaffSession(staffSession);
if (staffSession.ready) await load();
