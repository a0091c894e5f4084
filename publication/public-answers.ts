import type { Logger } from '../kernel/logger';
import type { QuestionModels } from '../models/question';
import { listAnswers, listingQueryOf, type ListingPage } from './answer-listing';
import {
  PublishedAnswersIndex,
  type PublicationModels,
  type PublishedAnswersIndexOptions,
} from './published-answers-index';
import { lookUpQuestionStatus, type StatusLookup } from './question-status';

export interface PublicAnswersDependencies {
  models: PublicationModels & Pick<QuestionModels, 'trackingCodes'>;
  logger?: Logger | undefined;
  index?: PublishedAnswersIndexOptions | undefined;
}

/**
 * The public record of official answers, without HTTP (the edge renders it:
 * bot/http/public-answers-routes.ts): the list of published answers from memory, and one
 * question's public status by its tracking code. Never a name, contact, channel or user id.
 */
export class PublicAnswers {
  readonly index: PublishedAnswersIndex;

  constructor(private readonly dependencies: PublicAnswersDependencies) {
    this.index = new PublishedAnswersIndex(dependencies.models, {
      logger: dependencies.logger,
      ...dependencies.index,
    });
  }

  /**
   * Follows the change feed and loads the published answers; the promise settles once they are
   * loaded. The bot need not wait: list requests wait by themselves.
   */
  async start(): Promise<void> {
    this.index.start();
    await this.index.load();
  }

  stop(): Promise<void> {
    return this.index.stop();
  }

  /** One page of the list, for the URL's query parameters (`q`, `espacio`, `tema`, `pagina`). */
  async list(parameters: Record<string, unknown>): Promise<ListingPage> {
    await this.index.ready();
    return listAnswers(this.index, listingQueryOf(parameters));
  }

  status(codeText: string): Promise<StatusLookup> {
    return lookUpQuestionStatus(this.dependencies.models, codeText);
  }
}
