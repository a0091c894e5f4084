import { parseObjectId } from '../models/object-id';
import { findSpace, spaceTypeLabels, type SpaceModels } from '../models/space';
import type { QueueEntry } from './queue-entry';

/**
 * The spaces the queue's questions were asked in, for the moderators' space filter: what a
 * moderator already sees of a question's space (title, type, state, place), never the ids of
 * the meeting, live video or post it listens to (the live panel's, for staff and admins).
 */
export interface QueueSpace {
  id: string;
  title: string;
  typeLabel: string;
  state: string;
  municipality: string | null;
  department: string | null;
  /** Questions asked there, and how many of them still wait for an answer. */
  questions: number;
  waiting: number;
}

/** The filter lists at most this many spaces, those with the latest questions first. */
export const maxQueueSpaces = 200;

interface Tally {
  questions: number;
  waiting: number;
  latest: number;
}

/** Counts the queue's questions per space (from memory), then reads each space by `_id`. */
export async function queueSpaces(
  models: SpaceModels,
  entries: Iterable<QueueEntry>,
): Promise<QueueSpace[]> {
  const tallies = new Map<string, Tally>();
  for (const entry of entries) {
    if (!entry.spaceId) continue;
    const tally = tallies.get(entry.spaceId) ?? { questions: 0, waiting: 0, latest: 0 };
    tally.questions++;
    if (entry.open) tally.waiting++;
    tally.latest = Math.max(tally.latest, entry.receivedAt);
    tallies.set(entry.spaceId, tally);
  }
  const chosen = [...tallies.entries()]
    .sort(([a, left], [b, right]) => right.latest - left.latest || (a < b ? -1 : 1))
    .slice(0, maxQueueSpaces);
  const spaces = await Promise.all(
    chosen.map(async ([id, tally]): Promise<QueueSpace | null> => {
      const objectId = parseObjectId(id);
      const space = objectId ? await findSpace(models, objectId) : null;
      if (!space) return null;
      return {
        id,
        title: space.title,
        typeLabel: spaceTypeLabels[space.type],
        state: space.state,
        municipality: space.municipality,
        department: space.department,
        questions: tally.questions,
        waiting: tally.waiting,
      };
    }),
  );
  return spaces.filter((space): space is QueueSpace => space !== null);
}
