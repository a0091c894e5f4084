import { parseObjectId } from '../models/object-id';
import type { QuestionDocument, QuestionModels } from '../models/question';
import { findSpace, type SpaceDocument, type SpaceModels } from '../models/space';
import { spaceQuestions } from '../models/space-questions';
import type { PublishedAnswersIndex } from './published-answers-index';
import { buildSpaceMemoir, type SpaceMemoir } from './space-memoir';

export interface SpaceMemoirsDependencies {
  models: Pick<QuestionModels, 'questions'> & SpaceModels;
  /** The public answers' index: the memoir lists the published answers from it, no read. */
  index: PublishedAnswersIndex;
  /** How long one read of a space and its questions serves its memoir (default a minute). */
  maxAgeMs?: number;
  now?: () => Date;
}

interface SpaceRead {
  readAt: number;
  read: Promise<{ space: SpaceDocument; questions: QuestionDocument[] } | null>;
}

export const defaultMemoirMaxAgeMs = 60_000;
/** Spaces whose read is kept; a public page must not let anyone fill the memory. */
const maxKeptSpaces = 200;

/** Memoirs of spaces, for `GET /respuestas/espacios/{id}`; null for a malformed or unknown id. */
export class SpaceMemoirs {
  private readonly reads = new Map<string, SpaceRead>();
  private readonly maxAgeMs: number;
  private readonly now: () => Date;

  constructor(private readonly dependencies: SpaceMemoirsDependencies) {
    this.maxAgeMs = dependencies.maxAgeMs ?? defaultMemoirMaxAgeMs;
    this.now = dependencies.now ?? (() => new Date());
  }

  async memoir(idText: string): Promise<SpaceMemoir | null> {
    const id = idText.trim().toLowerCase();
    if (!/^[0-9a-f]{24}$/.test(id)) return null;
    const sources = await this.spaceAndQuestions(id);
    if (!sources) return null;
    const { index } = this.dependencies;
    await index.ready();
    const inSpace = index.newestFirst().filter((entry) => entry.spaceId === id);
    // One answer per group: a duplicate published with its group is told by the group's size.
    const publishedIds = new Set(inSpace.map((entry) => entry.id));
    const published = inSpace
      .filter((entry) => entry.groupId === null || !publishedIds.has(entry.groupId))
      .map((entry) => index.listed(entry));
    return buildSpaceMemoir({ ...sources, published, now: this.now() });
  }

  /**
   * The space and its questions, read once a minute at most per space: on the embedded store the
   * questions' read scans the collection (it filters only `{_id}`), and the memoir is public.
   * The published answers come from the index, so they are current at every request.
   */
  private spaceAndQuestions(id: string): SpaceRead['read'] {
    const now = this.now().getTime();
    const kept = this.reads.get(id);
    if (kept && now - kept.readAt <= this.maxAgeMs) return kept.read;
    const { models } = this.dependencies;
    const read = (async () => {
      const spaceId = parseObjectId(id);
      if (!spaceId) return null;
      const space = await findSpace(models, spaceId);
      if (!space) return null;
      return { space, questions: await spaceQuestions(models, spaceId) };
    })();
    // A failed read is not kept: the next request tries again.
    read.catch(() => this.reads.delete(id));
    this.reads.delete(id);
    if (this.reads.size >= maxKeptSpaces) {
      const oldest = this.reads.keys().next();
      if (!oldest.done) this.reads.delete(oldest.value);
    }
    this.reads.set(id, { readAt: now, read });
    return read;
  }
}
