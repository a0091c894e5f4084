import type { DeadlineCalculator } from '../legal-terms/legal-deadlines';
import {
  registerQuestion,
  type ConversationKey,
  type QuestionDocument,
  type QuestionModels,
  type QuestionOrigin,
} from '../models/question';
import type { SpaceDocument } from '../models/space';
import { CanonicalQuestions } from './canonical-questions';
import type { SimilarQuestions } from './similar-questions';

export interface CapturedQuestion {
  space: SpaceDocument;
  text: string;
  channelId: string;
  origin: Exclude<QuestionOrigin, 'chat'>;
  /** Unique per message or comment: a retried delivery returns the stored question. */
  submissionKey: string;
  receivedAt: Date;
  /** Where an answer can be posted for everyone (the meeting chat); never a person's chat. */
  conversationKey: ConversationKey | null;
}

export interface LiveQuestionsDependencies {
  models: QuestionModels;
  similar: SimilarQuestions;
  deadlines: Pick<DeadlineCalculator, 'dueDate'>;
  /** The knowledge base's topic of a question, for the reports (null when none is clear). */
  topicOf?: (text: string) => string | null;
}

/**
 * Registers the questions asked in a live session: each one with its tracking code and legal
 * due date, grouped with an earlier question of the same space that means the same. Nothing
 * identifies the person who asked: they have not consented to anything yet.
 */
export class LiveQuestions {
  private readonly canonical: CanonicalQuestions;

  constructor(private readonly dependencies: LiveQuestionsDependencies) {
    this.canonical = new CanonicalQuestions(dependencies.models, dependencies.similar);
  }

  async capture(
    input: CapturedQuestion,
  ): Promise<{ question: QuestionDocument; created: boolean }> {
    const { models, similar, deadlines, topicOf } = this.dependencies;
    const spaceId = input.space._id;
    const canonical = (await this.canonical.of(spaceId)).filter(
      (question) => question.submissionKey !== input.submissionKey,
    );
    const same = similar.closest(
      similar.stems(input.text),
      canonical.map((question) => question.stems),
    );
    const kind = input.space.petitionKind;
    const registered = await registerQuestion(
      models,
      {
        submissionKey: input.submissionKey,
        text: input.text,
        channelId: input.channelId,
        spaceId: input.space._id,
        origin: input.origin,
        groupId: same === undefined ? null : (canonical[same]?.id ?? null),
        petitionKind: kind,
        receivedAt: input.receivedAt,
        dueAt: deadlines.dueDate(input.receivedAt, kind),
        consentId: null,
        contact: null,
        citizenKey: null,
        conversationKey: input.conversationKey,
        knowledgeTopic: topicOf?.(input.text) ?? null,
      },
      'system',
    );
    const { question, created } = registered;
    if (created && question.groupId === null)
      await this.canonical.add(
        spaceId,
        { id: question._id, submissionKey: question.submissionKey },
        question.text,
      );
    return registered;
  }
}
