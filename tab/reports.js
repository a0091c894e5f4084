// The reports page: figures per space for the filters chosen (GET /api/reports/spaces), their
// totals, two charts each with its data table, the CSV and XLSX exports (downloaded with the
// staff member's token) and a link to each space's public memoir.
import {
  capturedChart,
  drawChart,
  outcomesChart,
  outcomesOf,
  renderDataTable,
  renderSpaces,
  renderTotals,
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

/** The filters as the API's query string; empty ones are left out. */
function filtersQuery(format) {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(view.filters)) {
    const text = String(value).trim();
    if (text) query.set(name, text);
  }
  if (format) query.set('format', format);
  const text = query.toString();
  return `/api/reports/spaces${text ? `?${text}` : ''}`;
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
  const count = report.spaces.length;
  view.status.textContent = count === 1 ? 'Cifras de 1 espacio.' : `Cifras de ${count} espacios.`;
}

/** Downloads an export with the bearer token: a link cannot carry it, so fetch and a blob. */
async function download(format, button) {
  clearError();
  button.disabled = true;
  try {
    const token = await staffSession.token();
    if (!token) {
      staffSession.signedOut(messagesByStatus[401]);
      return;
    }
    let response;
    try {
      response = await fetch(filtersQuery(format), {
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
    if (error.status !== 401) showError(error);
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

const staffSession = await connectStaffSignIn({
  purpose: 'ver las cifras de los espacios de rendición de cuentas',
  teams: await initializeTeams(),
  elements: {
    section: byId('sign-in'),
    message: byId('sign-in-message'),
    signInButton: byId('sign-in-button'),
    devForm: byId('dev-token-form'),
    devToken: byId('dev-token'),
    footer: byId('staff-footer'),
    signedInAs: byId('signed-in-as'),
    signOutButton: byId('sign-out-button'),
  },
  onSignedIn() {
    void load();
  },
});
client.useStaffSession(staffSession);
if (staffSession.ready) await load();
