import { readFileSync } from 'node:fs';

import { sampleHearingCalendar } from '../test/support/sample-data';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import {
  hearingsInDepartment,
  hearingsInMunicipality,
  knownPlaces,
  upsertHearings,
} from './hearing';
import { checkHearingFile } from './hearing-import';

describe('hearings on FerretDB', () => {
  let database: TestDatabase;
  const { rows } = checkHearingFile(readFileSync(sampleHearingCalendar(), 'utf8'));

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('when the calendar is imported twice, then the second import changes nothing and duplicates nothing', async () => {
    expect(await upsertHearings(database.models.hearings, rows, 'cal.csv')).toEqual({
      created: 68,
      updated: 0,
      unchanged: 0,
    });
    expect(await upsertHearings(database.models.hearings, rows, 'cal.csv')).toEqual({
      created: 0,
      updated: 0,
      unchanged: 68,
    });
    expect(await database.models.hearings.countDocuments()).toBe(68);
  });

  it('when a row changes its state, then the import updates it', async () => {
    const changed = rows.map((row) =>
      row.municipio === 'Falan' ? { ...row, estado: 'Realizada' as const } : row,
    );
    expect(await upsertHearings(database.models.hearings, changed, 'cal-2.csv')).toEqual({
      created: 0,
      updated: 1,
      unchanged: 67,
    });
    const [falan] = await hearingsInMunicipality(database.models.hearings, 'falan');
    expect(falan?.estado).toBe('Realizada');
  });

  it('when hearings are looked up by municipality or department, then they come sorted by date', async () => {
    const monteria = await hearingsInMunicipality(database.models.hearings, 'monteria', 'cordoba');
    expect(monteria.map((hearing) => hearing.fecha)).toEqual(['2021-05-05', '2021-09-09']);
    const huila = await hearingsInDepartment(database.models.hearings, 'huila');
    expect(huila).toHaveLength(8);
    expect(huila[0]?.municipio).toBe('Palermo');
  });

  it('when the places are listed, then every municipality of the calendar is there', async () => {
    const municipalities = new Set(
      (await knownPlaces(database.models.hearings)).map((place) => place.municipio),
    );
    expect(municipalities.has('Íquira')).toBe(true);
    expect(municipalities.size).toBe(65); // 68 hearings; Aguachica, Chimichagua and Montería have two
  });
});
