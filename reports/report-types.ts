import type { SpaceState, SpaceType } from '../models/space-kinds';

/**
 * The reports' JSON, as the API answers it (README, "Reports"). Counts are of questions (one per
 * asker: a group of five duplicates counts five) unless a name says otherwise; dates are ISO 8601.
 * Nothing here identifies a person: no names, contacts, conversation ids or question texts.
 */

export type Rating = '1' | '2' | '3' | '4' | '5';

export interface SatisfactionFigures {
  /** Satisfaction questions sent after an answer was delivered. */
  asked: number;
  /** Of those, answered by the citizen. */
  responded: number;
  /** responded / asked (0–1, 4 decimals); null when none was asked. */
  responseRate: number | null;
  /** Mean rating (1–5, 2 decimals); null when nobody rated. */
  mean: number | null;
  /** How many rated 1, 2, 3, 4 and 5. */
  distribution: Record<Rating, number>;
}

export interface ReportFigures {
  /** Every question recorded in the space (meeting chat, live comments, chat). */
  captured: number;
  /** Answered during the session. */
  answeredLive: number;
  /**
   * Captured and not answered live: each has a tracking code and a legal due date. Equals
   * answeredOnTime + answeredLate + pending + overdue + forwarded + withdrawn + rejected.
   */
  registered: number;
  /** Official answer published by its due date (the stored one, an extension included). */
  answeredOnTime: number;
  /** Official answer published after its due date. */
  answeredLate: number;
  /** Waiting for an answer, due date not passed yet (at `generatedAt`). */
  pending: number;
  /** Waiting for an answer, due date passed. */
  overdue: number;
  /** Sent to the competent authority (Ley 1755 de 2015, art. 21). */
  forwarded: number;
  /** Withdrawn at the citizen's request. */
  withdrawn: number;
  /** Closed as not a question the ANM must answer. */
  rejected: number;
  /**
   * Business days (Colombian holidays and weekends excluded) from receipt to the published answer,
   * counted as legal terms are: from the business day after receipt, so an answer on the due date
   * of a 15-day term took 15. `median` is the middle value (mean of the two middle ones for an
   * even count), `p90` the nearest-rank 90th percentile; both null with no answer published.
   */
  businessDaysToAnswer: { answered: number; median: number | null; p90: number | null };
  /** Questions grouped under another one that means the same (answered together). */
  duplicatesGrouped: number;
  /** captured − duplicatesGrouped: the different questions asked. */
  distinctQuestions: number;
  /** The outbox records of these askers (official answers and legal notices), by outcome. */
  deliveries: { sent: number; failed: number; unreachable: number; pending: number };
  satisfaction: SatisfactionFigures;
  /** Captured questions per channel id ("msteams", "facebook", "webchat", …). */
  capturedByChannel: Record<string, number>;
  /**
   * The moderators' areas, most asked first (then by name), at most 10, and how many questions
   * have no area yet; the knowledge base's topics found when the questions were stored, the same
   * way (`label` in Spanish), and how many had none clear.
   */
  topics: {
    areas: { area: string; questions: number }[];
    withoutArea: number;
    knowledge: { topic: string; label: string; questions: number }[];
    withoutKnowledgeTopic: number;
  };
}

export interface SpaceReportRow {
  id: string;
  title: string;
  type: SpaceType;
  /** The strategy's name of the type, in Spanish. */
  typeLabel: string;
  state: SpaceState;
  /** When it took place: opened at, else scheduled at, else created at (ISO instant). */
  date: string;
  /** That date on the Bogotá calendar, "YYYY-MM-DD" (what the period filters compare). */
  localDate: string;
  responsibleArea: string | null;
  department: string | null;
  municipality: string | null;
  /** People who took part, as staff recorded it in the space's details; null when not recorded. */
  participants: number | null;
  figures: ReportFigures;
}

export interface ReportFilters {
  /** Bogotá dates, inclusive; null when open. */
  from: string | null;
  to: string | null;
  type: SpaceType | null;
  department: string | null;
  municipality: string | null;
  /** Only questions (and their deliveries and surveys) of this channel id. */
  channel: string | null;
}

export interface ReportTotals {
  spaces: number;
  /**
   * People who took part: the sum over the spaces that recorded it (`recorded` of `spaces`);
   * `total` is null when none did.
   */
  participants: { total: number | null; recorded: number };
  figures: ReportFigures;
}

/** GET /api/reports/spaces */
export interface SpacesReport {
  generatedAt: string;
  filters: ReportFilters;
  spaces: SpaceReportRow[];
  totals: ReportTotals;
}

/** GET /api/reports/spaces/{id} */
export interface SingleSpaceReport {
  generatedAt: string;
  filters: Pick<ReportFilters, 'channel'>;
  space: SpaceReportRow;
}

/** GET /api/reports/years/{year}: the strategy's baseline of one year against the year before. */
export interface YearReport {
  generatedAt: string;
  year: number;
  filters: Omit<ReportFilters, 'from' | 'to'>;
  spaces: SpaceReportRow[];
  totals: ReportTotals;
  previousYear: { year: number; totals: ReportTotals };
}
