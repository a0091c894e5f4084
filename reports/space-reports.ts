import { placeKey } from '../models/place-names';
import { spaceTypeLabels } from '../models/space-kinds';
import { figuresOf, type FigureInputs } from './report-figures';
import type { ReportSnapshot, SpaceData } from './report-snapshot';
import type {
  ReportFilters,
  ReportTotals,
  SingleSpaceReport,
  SpaceReportRow,
  SpacesReport,
  YearReport,
} from './report-types';

/** What a space contributes to its figures under a channel filter (null: every channel). */
function inputsOf(data: SpaceData, channel: string | null): FigureInputs {
  if (channel === null) return data;
  return {
    questions: data.questions.filter((question) => question.channelId === channel),
    deliveries: data.deliveries.filter((delivery) => delivery.channelId === channel),
    surveys: data.surveys.filter((survey) => survey.channelId === channel),
  };
}

/** A space matches a channel when it listens to it or someone asked there. */
function usesChannel(data: SpaceData, channel: string): boolean {
  return (
    data.boundChannels.has(channel) ||
    data.questions.some((question) => question.channelId === channel)
  );
}

function matches(data: SpaceData, filters: ReportFilters): boolean {
  const { space, localDate } = data;
  if (filters.from !== null && localDate < filters.from) return false;
  if (filters.to !== null && localDate > filters.to) return false;
  if (filters.type !== null && space.type !== filters.type) return false;
  if (
    filters.department !== null &&
    placeKey(space.department ?? '') !== placeKey(filters.department)
  )
    return false;
  if (
    filters.municipality !== null &&
    placeKey(space.municipality ?? '') !== placeKey(filters.municipality)
  )
    return false;
  return filters.channel === null || usesChannel(data, filters.channel);
}

function rowOf(data: SpaceData, channel: string | null, asOf: Date): SpaceReportRow {
  const { space } = data;
  return {
    id: space._id.toHexString(),
    title: space.title,
    type: space.type,
    typeLabel: spaceTypeLabels[space.type],
    state: space.state,
    date: data.date.toISOString(),
    localDate: data.localDate,
    responsibleArea: space.responsibleArea,
    department: space.department,
    municipality: space.municipality,
    participants: space.participants,
    figures: figuresOf(inputsOf(data, channel), asOf),
  };
}

/** The figures of several spaces at once: medians and rates over all their questions, not averaged. */
function totalsOf(
  selected: readonly SpaceData[],
  channel: string | null,
  asOf: Date,
): ReportTotals {
  const parts = selected.map((data) => inputsOf(data, channel));
  const counts = selected.flatMap((data) =>
    data.space.participants === null ? [] : [data.space.participants],
  );
  return {
    spaces: selected.length,
    participants: {
      total: counts.length === 0 ? null : counts.reduce((sum, count) => sum + count, 0),
      recorded: counts.length,
    },
    figures: figuresOf(
      {
        questions: parts.flatMap((part) => part.questions),
        deliveries: parts.flatMap((part) => part.deliveries),
        surveys: parts.flatMap((part) => part.surveys),
      },
      asOf,
    ),
  };
}

/** One row per space that matches the filters, oldest first, and their totals. */
export function spacesReport(snapshot: ReportSnapshot, filters: ReportFilters): SpacesReport {
  const asOf = snapshot.generatedAt;
  const selected = snapshot.spaces.filter((data) => matches(data, filters));
  return {
    generatedAt: asOf.toISOString(),
    filters,
    spaces: selected.map((data) => rowOf(data, filters.channel, asOf)),
    totals: totalsOf(selected, filters.channel, asOf),
  };
}

/** One space's row; undefined when there is no such space. */
export function singleSpaceReport(
  snapshot: ReportSnapshot,
  spaceId: string,
  channel: string | null,
): SingleSpaceReport | undefined {
  const data = snapshot.byId.get(spaceId);
  if (!data) return undefined;
  return {
    generatedAt: snapshot.generatedAt.toISOString(),
    filters: { channel },
    space: rowOf(data, channel, snapshot.generatedAt),
  };
}

/**
 * The strategy's baseline for a year: every space that took place in it (Bogotá calendar), with
 * the year's totals and, under the same filters, the previous year's.
 */
export function yearReport(
  snapshot: ReportSnapshot,
  year: number,
  filters: Omit<ReportFilters, 'from' | 'to'>,
): YearReport {
  const ofYear = (which: number) =>
    spacesReport(snapshot, { ...filters, from: `${which}-01-01`, to: `${which}-12-31` });
  const current = ofYear(year);
  return {
    generatedAt: current.generatedAt,
    year,
    filters,
    spaces: current.spaces,
    totals: current.totals,
    previousYear: { year: year - 1, totals: ofYear(year - 1).totals },
  };
}
