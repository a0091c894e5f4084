import type { Types } from 'mongoose';

import type { QuestionModels } from '../models/question';
import { ungroupedSpaceQuestions } from '../models/space-questions';
import type { SimilarQuestions } from './similar-questions';

/** A question that leads its group in a live session, with its stems computed once. */
export interface CanonicalQuestion {
  id: Types.ObjectId;
  submissionKey: string;
  stems: Set<string>;
}

interface SpaceEntry {
  loadedAt: number;
  usedAt: number;
  questions: Promise<CanonicalQuestion[]>;
}

export interface CanonicalQuestionsOptions {
  /** Reload a space's list this often, to see staff merges and splits and other instances. */
  refreshMs?: number;
  /** Spaces kept in memory; the least recently used one is dropped past this. */
  maxSpaces?: number;
  now?: () => number;
}

/**
 * The canonical questions of each live space, kept in memory. FerretDB 1.x on SQLite reads a
 * whole collection for any filter but `_id` (measured: 280 ms per query at 2,000 questions), so
 * reading a space's questions on every captured comment made a busy Facebook Live fall minutes
 * behind. A stale list only makes grouping less complete (staff can still merge); it never
 * loses a question, and a chain left by a stale canonical resolves when groups are read.
 */
export class CanonicalQuestions {
  private readonly spaces = new Map<string, SpaceEntry>();
  private readonly refreshMs: number;
  private readonly maxSpaces: number;
  private readonly now: () => number;

  constructor(
    private readonly models: Pick<QuestionModels, 'questions'>,
    private readonly similar: SimilarQuestions,
    options: CanonicalQuestionsOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 60_000;
    this.maxSpaces = options.maxSpaces ?? 50;
    this.now = options.now ?? Date.now;
  }

  async of(spaceId: Types.ObjectId): Promise<CanonicalQuestion[]> {
    const key = spaceId.toHexString();
    const now = this.now();
    let entry = this.spaces.get(key);
    if (!entry || now - entry.loadedAt >= this.refreshMs) {
      entry = { loadedAt: now, usedAt: now, questions: this.load(spaceId) };
      // A failed load is not kept: the next capture tries again.
      entry.questions.catch(() => this.spaces.delete(key));
      this.spaces.set(key, entry);
      this.evictBeyondLimit();
    }
    entry.usedAt = now;
    return entry.questions;
  }

  /** A question that started a group of its own is a candidate for the next ones. */
  async add(spaceId: Types.ObjectId, question: Omit<CanonicalQuestion, 'stems'>, text: string) {
    const entry = this.spaces.get(spaceId.toHexString());
    if (!entry) return;
    const questions = await entry.questions;
    if (!questions.some((known) => known.id.equals(question.id)))
      questions.push({ ...question, stems: this.similar.stems(text) });
  }

  private async load(spaceId: Types.ObjectId): Promise<CanonicalQuestion[]> {
    const stored = await ungroupedSpaceQuestions(this.models, spaceId);
    return stored.map((question) => ({
      id: question._id,
      submissionKey: question.submissionKey,
      stems: this.similar.stems(question.text),
    }));
  }

  private evictBeyondLimit(): void {
    while (this.spaces.size > this.maxSpaces) {
      const [leastUsed] = [...this.spaces.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt);
      if (!leastUsed) return;
      this.spaces.delete(leastUsed[0]);
    }
  }
}
