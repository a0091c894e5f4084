import { getHolidaysForYear } from 'colombian-holidays';

/**
 * Business days ("días hábiles") in Colombia: Monday to Friday, except public holidays, counted on
 * the calendar of America/Bogota. Holidays come from the `colombian-holidays` package, which
 * applies Ley 51 de 1983 (holidays moved to Monday) and the Easter-based dates.
 *
 * Bogotá keeps UTC−5 all year (no daylight saving since 1993), so a fixed offset is exact.
 */
const bogotaOffsetMs = 5 * 60 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;

/** A Bogotá calendar date, "YYYY-MM-DD". */
export type CalendarDate = string;

export function bogotaDate(instant: Date): CalendarDate {
  return new Date(instant.getTime() - bogotaOffsetMs).toISOString().slice(0, 10);
}

/** The last millisecond of a Bogotá calendar date, as an instant. */
export function endOfBogotaDay(date: CalendarDate): Date {
  return new Date(Date.parse(`${date}T23:59:59.999Z`) + bogotaOffsetMs);
}

function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

function weekday(date: CalendarDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const holidaysByYear = new Map<number, ReadonlySet<CalendarDate>>();

function holidays(year: number): ReadonlySet<CalendarDate> {
  let set = holidaysByYear.get(year);
  if (!set) {
    set = new Set(getHolidaysForYear(year).map((holiday) => holiday.celebrationDate));
    holidaysByYear.set(year, set);
  }
  return set;
}

export function isHolidayDate(date: CalendarDate): boolean {
  return holidays(Number(date.slice(0, 4))).has(date);
}

export function isBusinessDate(date: CalendarDate): boolean {
  const day = weekday(date);
  return day !== 0 && day !== 6 && !isHolidayDate(date);
}

/** Whether the Bogotá calendar date of an instant is a business day. */
export function isBusinessDay(instant: Date): boolean {
  return isBusinessDate(bogotaDate(instant));
}

/** The Nth business date after a calendar date (the date itself never counts). */
export function nthBusinessDateAfter(date: CalendarDate, count: number): CalendarDate {
  let current = date;
  for (let counted = 0; counted < count;) {
    current = addCalendarDays(current, 1);
    if (isBusinessDate(current)) counted++;
  }
  return current;
}

/**
 * The end of the Nth business day after receipt. Terms count from the business day after the
 * petition was received, whatever day it arrived (a Saturday, a holiday, 23:30 on a Friday).
 */
export function addBusinessDays(receivedAt: Date, days: number): Date {
  return endOfBogotaDay(nthBusinessDateAfter(bogotaDate(receivedAt), days));
}

/** Business dates in (from, to]: after `from`, up to and including `to`. */
function businessDatesBetween(from: CalendarDate, to: CalendarDate): number {
  let count = 0;
  for (
    let current = addCalendarDays(from, 1);
    current <= to;
    current = addCalendarDays(current, 1)
  ) {
    if (isBusinessDate(current)) count++;
  }
  return count;
}

/**
 * Business days left until a due date, seen on the Bogotá date of `now`: 0 on the due day, 1 on
 * the business day before it, and negative once it has passed (−1 on the first business day
 * after it).
 */
export function businessDaysLeft(dueAt: Date, now: Date): number {
  const due = bogotaDate(dueAt);
  const today = bogotaDate(now);
  if (today <= due) return businessDatesBetween(today, due);
  return -businessDatesBetween(due, today);
}

/** The hour of the day (0–23) in Bogotá at `instant`. */
export function bogotaHour(instant: Date): number {
  return new Date(instant.getTime() - bogotaOffsetMs).getUTCHours();
}
