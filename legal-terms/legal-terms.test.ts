import { AppError } from '../kernel/errors';
import { bogotaDate, businessDaysLeft, isBusinessDay } from './business-days';
import { dateInWords, dueDate, extendDueDate, legalTermDays } from './legal-terms';

/** An instant at noon, Bogotá time, of a calendar date. */
const at = (date: string, time = '12:00') => new Date(`${date}T${time}:00-05:00`);
const dueOn = (receivedAt: Date, kind?: Parameters<typeof dueDate>[1]) =>
  bogotaDate(dueDate(receivedAt, kind));

describe('legal terms in Colombian business days (Ley 1755 de 2015, art. 14)', () => {
  it('when a petition arrives on Tuesday 24 November 2026, then 15 business days end on Wednesday 16 December (8 December is a holiday)', () => {
    // 25,26,27 | 30,1,2,3,4 | 7,(8),9,10,11 | 14,15,16
    expect(dueOn(at('2026-11-24'))).toBe('2026-12-16');
  });

  it('when it arrives the Monday of Holy Week 2026, then Holy Thursday and Good Friday do not count', () => {
    // 31 Mar, 1 Apr, (2, 3 holidays) | 6..10 | 13..17 | 20, 21, 22
    expect(dueOn(at('2026-03-30'))).toBe('2026-04-22');
  });

  it('when it arrives the Friday before a holiday moved to Monday (12 October 2026), then the term starts on Tuesday', () => {
    // (12) 13,14,15,16 | 19..23 | 26 → 10 business days for documents
    expect(dueOn(at('2026-10-09'), 'documentos')).toBe('2026-10-26');
  });

  it('when Corpus Christi and Sagrado Corazón fall on Mondays (8 and 15 June 2026), then both are skipped', () => {
    // (8) 9,10,11,12 | (15) 16,17,18,19 | 22,23
    expect(dueOn(at('2026-06-05'), 'documentos')).toBe('2026-06-23');
  });

  it('when it arrives before Christmas 2026, then 25 December, 1 January and Reyes (11 January 2027) do not count', () => {
    // 21,22,23,24,(25) | 28,29,30,31,(1) | 4..8 | (11),12,13
    expect(dueOn(at('2026-12-18'))).toBe('2027-01-13');
  });

  it('when it arrives on a Saturday, then day one is the next Monday', () => {
    expect(dueOn(at('2026-11-21'))).toBe('2026-12-14');
  });

  it('when it arrives on a holiday (Monday 16 November 2026), then day one is the next business day', () => {
    expect(dueOn(at('2026-11-16'))).toBe('2026-12-07');
  });

  it('when it arrives at 23:30 Bogotá time on a Thursday (already Friday in UTC), then it counts as received on Thursday', () => {
    const receivedAt = at('2026-11-19', '23:30');
    expect(receivedAt.toISOString().slice(0, 10)).toBe('2026-11-20');
    expect(dueOn(receivedAt)).toBe('2026-12-11');
  });

  it('when the petition is a consultation, then the term is 30 business days', () => {
    expect(legalTermDays('consulta')).toBe(30);
    expect(dueOn(at('2026-11-24'), 'consulta')).toBe('2027-01-08');
  });

  it('when a due date is computed, then it is the end of that day in Bogotá', () => {
    expect(dueDate(at('2026-11-24')).toISOString()).toBe('2026-12-17T04:59:59.999Z');
  });

  it('when business days are counted down, then the due day is 0 and overdue days are negative', () => {
    const dueAt = dueDate(at('2026-11-24'));
    expect(businessDaysLeft(dueAt, at('2026-11-24'))).toBe(15);
    expect(businessDaysLeft(dueAt, at('2026-12-14'))).toBe(2);
    expect(businessDaysLeft(dueAt, at('2026-12-15'))).toBe(1);
    expect(businessDaysLeft(dueAt, at('2026-12-16', '23:59'))).toBe(0);
    expect(businessDaysLeft(dueAt, at('2026-12-17'))).toBe(-1);
    expect(businessDaysLeft(dueAt, at('2026-12-19'))).toBe(-2);
  });

  it('when a date is checked, then weekends and holidays are not business days', () => {
    expect(isBusinessDay(at('2026-12-08'))).toBe(false);
    expect(isBusinessDay(at('2026-12-12'))).toBe(false);
    expect(isBusinessDay(at('2026-12-09'))).toBe(true);
  });
});

describe('extendDueDate (art. 14, parágrafo)', () => {
  const receivedAt = at('2026-11-24');

  it('when the extension is decided in time, with a reason, within double the term, then it is accepted', () => {
    const extension = extendDueDate(
      receivedAt,
      'peticion-general',
      at('2027-01-08'),
      at('2026-12-10'),
      'Consulta técnica',
    );
    expect(bogotaDate(extension.dueAt)).toBe('2027-01-08');
    expect(extension.reason).toBe('Consulta técnica');
  });

  it.each([
    [
      'beyond double the term',
      at('2027-01-12'),
      at('2026-12-10'),
      'Consulta técnica',
      /double the term/,
    ],
    [
      'after the term expired',
      at('2027-01-08'),
      at('2026-12-17'),
      'Consulta técnica',
      /already expired/,
    ],
    ['without a reason', at('2027-01-08'), at('2026-12-10'), '  ', /needs its reason/],
    [
      'to an earlier date',
      at('2026-12-15'),
      at('2026-12-10'),
      'Consulta técnica',
      /after the current one/,
    ],
  ])(
    'when an extension goes %s, then it is refused with a precise error',
    (_case, requested, decidedAt, reason, message) => {
      let error: unknown;
      try {
        extendDueDate(receivedAt, 'peticion-general', requested, decidedAt, reason);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('ANM-DEADLINE-001');
      expect((error as AppError).message).toMatch(message);
    },
  );
});

describe('dateInWords', () => {
  it.each([
    ['2026-12-16', 'el miércoles 16 de diciembre de 2026'],
    ['2027-01-13', 'el miércoles 13 de enero de 2027'],
    ['2026-03-01', 'el domingo 1 de marzo de 2026'],
  ])('when the date is %s, then it reads "%s"', (date, words) => {
    expect(dateInWords(at(date))).toBe(words);
  });

  it('when an instant is late at night in Bogotá, then the Bogotá date is the one said', () => {
    expect(dateInWords(new Date('2026-12-17T04:59:59.999Z'))).toBe(
      'el miércoles 16 de diciembre de 2026',
    );
  });
});
