import { bogotaDate } from '../legal-terms/business-days';
import type { DeliveryStatus } from '../models/deliveries';
import type { ReportQuestionRow } from '../models/report-questions';
import type { ReportSurveyRow } from '../models/report-satisfaction';
import type { ReportSources } from '../models/report-sources';
import type { ReportSpaceRow } from '../models/report-spaces';

/** A delivery as a space's figures need it: how it ended, and the channel of the asker's question. */
export interface SpaceDelivery {
  status: DeliveryStatus;
  channelId: string;
}

/** One space with everything its figures are computed from. */
export interface SpaceData {
  space: ReportSpaceRow;
  /** When it took place: opened at, else scheduled at, else created at. */
  date: Date;
  /** `date` on the Bogotá calendar, "YYYY-MM-DD". */
  localDate: string;
  /** The channel ids it listens to (its bindings), whether or not anyone asked there. */
  boundChannels: ReadonlySet<string>;
  questions: ReportQuestionRow[];
  deliveries: SpaceDelivery[];
  surveys: ReportSurveyRow[];
}

/** What every report of one moment is computed from, grouped by space. */
export interface ReportSnapshot {
  generatedAt: Date;
  /** Oldest first (then by title): the order of every report. */
  spaces: SpaceData[];
  byId: ReadonlyMap<string, SpaceData>;
}

function boundChannelsOf(space: ReportSpaceRow): Set<string> {
  const channels = new Set<string>();
  if (space.bindings.teamsMeetingId) channels.add('msteams');
  if (space.bindings.facebookLiveVideoId || space.bindings.facebookPostId) channels.add('facebook');
  return channels;
}

export function spaceDateOf(space: ReportSpaceRow): Date {
  return space.openedAt ?? space.scheduledAt ?? space.createdAt;
}

/** Groups what the pipelines read by space; questions of a space that no longer exists are left out. */
export function snapshotOf(sources: ReportSources): ReportSnapshot {
  const byId = new Map<string, SpaceData>();
  for (const space of sources.spaces) {
    const date = spaceDateOf(space);
    byId.set(space._id.toHexString(), {
      space,
      date,
      localDate: bogotaDate(date),
      boundChannels: boundChannelsOf(space),
      questions: [],
      deliveries: [],
      surveys: [],
    });
  }
  const questionsById = new Map<string, { data: SpaceData; channelId: string }>();
  for (const question of sources.questions) {
    const data = byId.get(question.spaceId.toHexString());
    if (!data) continue;
    data.questions.push(question);
    questionsById.set(question._id.toHexString(), { data, channelId: question.channelId });
  }
  for (const delivery of sources.deliveries) {
    const asker = questionsById.get(delivery.questionId.toHexString());
    asker?.data.deliveries.push({ status: delivery.status, channelId: asker.channelId });
  }
  for (const survey of sources.surveys)
    byId.get(survey.spaceId.toHexString())?.surveys.push(survey);
  const spaces = [...byId.values()].sort(
    (a, b) =>
      a.date.getTime() - b.date.getTime() || a.space.title.localeCompare(b.space.title, 'es'),
  );
  return { generatedAt: sources.readAt, spaces, byId };
}
