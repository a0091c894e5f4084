import { seedReportFixture, type ReportFixture } from '../support/report-fixture';
import type { SingleSpaceReport, SpacesReport } from '../../reports/report-types';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the reports API of the running bot', () => {
  const issuer = new LocalStaffIssuer();
  let bot: TestApp;
  let fixture: ReportFixture;

  beforeAll(async () => {
    await issuer.start();
    bot = await startTestApp(issuer.environment());
    fixture = await seedReportFixture(bot.app.database.models);
  }, 60_000);
  afterAll(async () => {
    await bot.dispose();
    await issuer.stop();
  });

  const get = async (path: string, headers: Record<string, string> = {}) =>
    fetch(`${bot.app.url}${path}`, { headers });

  it('when a moderator reads the figures of the bot, then they come from its own database', async () => {
    const response = await get('/api/reports/spaces', await issuer.headers('moderator'));
    expect(response.status).toBe(200);
    const report = (await response.json()) as SpacesReport;
    expect(report.spaces.map((row) => row.title)).toEqual([
      'Audiencia pública de rendición de cuentas 2025',
      'Audiencia de participación de terceros en Pitalito',
      'ANM Activa la Región en Sogamoso',
      'Mesa técnica con mineros de subsistencia',
    ]);
    const one = await get(
      `/api/reports/spaces/${fixture.spaces.a.toHexString()}?channel=msteams`,
      await issuer.headers('staff'),
    );
    expect(((await one.json()) as SingleSpaceReport).space.figures.captured).toBe(7);
  });

  it('when nobody is signed in, or the token has no role of the agency, then it is 401 or 403', async () => {
    expect((await get('/api/reports/years/2026')).status).toBe(401);
    expect((await get('/api/reports/years/2026', await issuer.headers('citizen'))).status).toBe(
      403,
    );
  });
});
