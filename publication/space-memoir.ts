import { scrubPersonalData } from '../kernel/personal-data';
import type { QuestionDocument } from '../models/question';
import { groupQuestions } from '../models/space-questions';
import type { SpaceDocument } from '../models/space';
import { spaceTypeLabels, type SpaceState } from '../models/space-kinds';
import type { ListedAnswer } from './published-answers-index';

/**
 * The memoir of an accountability space ("memoria", issue 16): what the space was, how many took
 * part (counts, never names), what was asked (grouped), what was answered live, what is pending
 * with its due date, and the official answers published so far. Plain data for the public page
 * (bot/http/space-memoir-page.ts): no name, contact, citizen key, conversation or channel id; every
 * question text passes through the personal-data scrubber with the asker's own name masked.
 */
export interface SpaceMemoir {
  space: {
    id: string;
    title: string;
    typeLabel: string;
    state: SpaceState;
    /** When it opened; else when it was scheduled; else when it was created (as the reports). */
    date: Date;
    department: string | null;
    municipality: string | null;
    responsibleArea: string | null;
    /** How many people took part, as staff counted them; null when not recorded. */
    participants: number | null;
  };
  /** Every question recorded in the space, one per asker. */
  captured: number;
  /** Questions per channel, most first, with the channel's Spanish name. */
  byChannel: { label: string; questions: number }[];
  answeredLive: number;
  /** Questions that got a tracking code and a legal due date (captured − answered live). */
  registered: number;
  /** What was asked: one line per group of duplicates, the biggest group first. */
  groups: { text: string; size: number }[];
  /** The texts of the questions answered during the space. */
  liveAnswers: string[];
  /** Questions still waiting for their official answer, the earliest due first. */
  pending: { trackingCode: string; dueAt: Date; overdue: boolean; topic: string | null }[];
  /** Official answers published so far, the newest first. */
  published: ListedAnswer[];
}

export const channelLabels: Readonly<Record<string, string>> = {
  msteams: 'Microsoft Teams',
  facebook: 'Facebook',
  webchat: 'Chat del sitio web',
  emulator: 'Emulador',
  email: 'Correo electrónico',
};

/** Statuses whose text is not shown: not a question for the ANM, or taken back by the asker. */
const hiddenStatuses = new Set(['rejected', 'withdrawn']);
const waitingStatuses = new Set(['pending', 'in_review']);
/** A page a person can read and print: beyond this, the counts still say how many there were. */
export const maxListedItems = 200;

function publicText(question: QuestionDocument): string {
  const name = question.contact?.name;
  return scrubPersonalData(question.text, { knownNames: name ? [name] : [] });
}

function spaceDate(space: SpaceDocument): Date {
  return space.openedAt ?? space.scheduledAt ?? space.createdAt;
}

export interface MemoirSources {
  space: SpaceDocument;
  questions: QuestionDocument[];
  /** The space's published answers, from the public index (kept current by the change feed). */
  published: ListedAnswer[];
  now: Date;
}

export function buildSpaceMemoir({ space, questions, published, now }: MemoirSources): SpaceMemoir {
  const channels = new Map<string, number>();
  for (const question of questions)
    channels.set(question.channelId, (channels.get(question.channelId) ?? 0) + 1);
  const byChannel = [...channels.entries()]
    .map(([channel, count]) => ({
      label: channelLabels[channel] ?? 'Otro canal',
      questions: count,
    }))
    .sort((a, b) => b.questions - a.questions || a.label.localeCompare(b.label, 'es'));
  const groups = groupQuestions(questions)
    .filter((group) => !hiddenStatuses.has(group.canonical.status))
    .map((group) => ({ text: publicText(group.canonical), size: group.members.length }))
    .sort((a, b) => b.size - a.size);
  const answeredLive = questions.filter((question) => question.status === 'answered_live');
  // The index follows the change feed: an answer published since the questions were read is not
  // listed as pending any more.
  const publishedIds = new Set(published.map((listed) => listed.entry.id));
  const pending = questions
    .filter(
      (question) =>
        waitingStatuses.has(question.status) &&
        !publishedIds.has(question._id.toHexString()) &&
        !(question.groupId && publishedIds.has(question.groupId.toHexString())),
    )
    .map((question) => ({
      trackingCode: question.trackingCode,
      dueAt: question.dueAt,
      overdue: question.dueAt.getTime() < now.getTime(),
      topic: question.area ?? null,
    }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  return {
    space: {
      id: space._id.toHexString(),
      title: space.title,
      typeLabel: spaceTypeLabels[space.type],
      state: space.state,
      date: spaceDate(space),
      department: space.department,
      municipality: space.municipality,
      responsibleArea: space.responsibleArea,
      participants: space.participants ?? null,
    },
    captured: questions.length,
    byChannel,
    answeredLive: answeredLive.length,
    registered: questions.length - answeredLive.length,
    groups: groups.slice(0, maxListedItems),
    liveAnswers: answeredLive
      .filter((question) => !hiddenStatuses.has(question.status))
      .slice(0, maxListedItems)
      .map(publicText),
    pending: pending.slice(0, maxListedItems),
    published: published.slice(0, maxListedItems),
  };
}
