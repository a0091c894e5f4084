import type { Request, Response } from 'restify';

import type { StaffRole } from '../../kernel/staff-identity';
import { reportCsv } from '../../reports/report-csv';
import {
  singleSpaceRequestOf,
  spacesRequestOf,
  yearRequestOf,
  type ReportFormat,
} from '../../reports/report-query';
import {
  singleSpaceTable,
  spacesTable,
  yearTable,
  type ReportTable,
} from '../../reports/report-table';
import { reportXlsx } from '../../reports/report-xlsx';
import type { ReportsService } from '../../reports/reports-service';
import { handledBy } from './error-handler';
import { limitedByAddress, type RouteContext } from './route-context';
import type { StaffAuthenticator } from './staff-auth';

/** The reports' API; absent without staff sign-in (the routes are then 404). */
export interface ReportsEndpoint {
  staffAuth: Pick<StaffAuthenticator, 'requireRole'>;
  reports: ReportsService;
}

/** Everyone signed in with a role of the agency reads the figures. */
const readsReports: StaffRole[] = ['staff', 'moderator', 'admin'];

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The query string as it arrived: a name given twice becomes a list (and is refused later). */
function queryOf(request: Request): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(request.getQuery())) {
    const known = query[name];
    query[name] =
      known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value];
  }
  return query;
}

function paramOf(request: Request, name: string): unknown {
  return (request.params as Record<string, unknown> | undefined)?.[name];
}

/** The report as JSON, or its table as a CSV or XLSX download. */
async function answer(
  response: Response,
  format: ReportFormat,
  report: unknown,
  table: () => ReportTable,
): Promise<void> {
  response.header('cache-control', 'no-store');
  response.header('x-content-type-options', 'nosniff');
  if (format === 'json') {
    response.send(200, report);
    return;
  }
  const built = table();
  const body = format === 'csv' ? reportCsv(built) : await reportXlsx(built);
  response.writeHead(200, {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : xlsxType,
    'content-disposition': `attachment; filename="${built.fileName}.${format}"`,
    'content-length': String(body.length),
  });
  response.end(body);
}

/**
 * The figures of the accountability spaces (issue 16), for `staff`, `moderator` and `admin`:
 *
 * - `GET /api/reports/spaces?from=&to=&type=&department=&municipality=&channel=&format=json|csv|xlsx`
 *   → `{ generatedAt, filters, spaces, totals }`
 * - `GET /api/reports/spaces/:spaceId?channel=&format=` → `{ generatedAt, filters, space }`
 * - `GET /api/reports/years/:year?type=&department=&municipality=&channel=&format=`
 *   → `{ generatedAt, year, filters, spaces, totals, previousYear }`
 *
 * The per-address limit comes first, then the sign-in (401 without a valid token, 403 without one
 * of the roles), then the query (400 `invalid-body` with `problems`, or `invalid-id`); an unknown
 * space is 404 `not-found`.
 */
export function registerReportsRoutes(context: RouteContext, endpoint: ReportsEndpoint): void {
  const { server, logger } = context;
  const { staffAuth, reports } = endpoint;
  const byAddress = limitedByAddress(context);
  const signedIn = staffAuth.requireRole(...readsReports);

  server.get(
    '/api/reports/spaces',
    byAddress,
    signedIn,
    handledBy(logger, async (request: Request, response: Response) => {
      const { filters, format } = spacesRequestOf(queryOf(request));
      const report = await reports.spaces(filters);
      await answer(response, format, report, () => spacesTable(report));
    }),
  );

  server.get(
    '/api/reports/spaces/:spaceId',
    byAddress,
    signedIn,
    handledBy(logger, async (request: Request, response: Response) => {
      const { spaceId, filters, format } = singleSpaceRequestOf(
        paramOf(request, 'spaceId'),
        queryOf(request),
      );
      const report = await reports.space(spaceId, filters.channel);
      await answer(response, format, report, () => singleSpaceTable(report));
    }),
  );

  server.get(
    '/api/reports/years/:year',
    byAddress,
    signedIn,
    handledBy(logger, async (request: Request, response: Response) => {
      const { year, filters, format } = yearRequestOf(paramOf(request, 'year'), queryOf(request));
      const report = await reports.year(year, filters);
      await answer(response, format, report, () => yearTable(report));
    }),
  );
}
