import type { Types } from 'mongoose';

import { errorCodes, RequestRefusal } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import type { StaffRef } from '../kernel/staff-identity';
import { QuestionChangedError } from '../models/question';
import { runAction, type ActionResult } from './action-handlers';
import type { DraftSuggester } from './draft-suggester';
import type { ModerationContext, ModerationModels } from './moderation-context';
import { actionBodyOf, type ModerationAction } from './moderation-inputs';
import { questionDetail } from './question-view';
import { QueueProjection, type QueueProjectionOptions } from './queue-projection';
import { queryQueue, type QueueFilters, type QueuePage } from './queue-query';

export interface ModerationDependencies {
  models: ModerationModels;
  /** The optional generative path for suggested drafts; without it `suggest` is refused. */
  suggester?: DraftSuggester | undefined;
  logger?: Logger | undefined;
  projection?: QueueProjectionOptions | undefined;
  now?: () => Date;
  /** Called after an action that may have queued deliveries, so that they go out at once. */
  onDeliveriesQueued?: (() => void) | undefined;
}

/** The actions that write to the delivery outbox (the answer, or a notice the law requires). */
const queueingActions: ReadonlySet<ModerationAction> = new Set(['approve', 'extend', 'forward']);

/**
 * The moderators' work on questions, without HTTP: the queue, one question, and each action. The
 * edge (bot/http/moderation-routes.ts) checks who is asking and hands over the raw body; every
 * body is validated here and every refusal is a `RequestRefusal` with a Spanish sentence.
 */
export class ModerationService {
  readonly projection: QueueProjection;
  private readonly context: ModerationContext;

  constructor(private readonly dependencies: ModerationDependencies) {
    this.projection = new QueueProjection(dependencies.models, {
      logger: dependencies.logger,
      ...dependencies.projection,
    });
    this.context = {
      models: dependencies.models,
      projection: this.projection,
      now: dependencies.now ?? (() => new Date()),
    };
  }

  /**
   * Starts following the change feed and loads the queue into memory; the returned promise
   * settles when it is loaded. The bot need not wait for it: queue requests wait by themselves.
   */
  async start(): Promise<void> {
    this.projection.start();
    await this.projection.load();
  }

  stop(): Promise<void> {
    return this.projection.stop();
  }

  /** One page of the queue, from memory (waiting, at start, until the questions are loaded). */
  async queue(filters: QueueFilters): Promise<QueuePage> {
    await this.projection.ready();
    return queryQueue(this.projection.groups.all(), filters, this.context.now());
  }

  question(questionId: Types.ObjectId) {
    return questionDetail(this.context, questionId);
  }

  /** One action on one question, with the body as the client sent it (validated here). */
  async act<A extends ModerationAction>(
    action: A,
    questionId: Types.ObjectId,
    staff: StaffRef,
    body: unknown,
  ): Promise<ActionResult<A>> {
    try {
      const result = await this.run(action, questionId, staff, body);
      if (queueingActions.has(action)) this.dependencies.onDeliveriesQueued?.();
      return result;
    } catch (error) {
      if (error instanceof QuestionChangedError) {
        throw new RequestRefusal(
          errorCodes.changedMeanwhile,
          'La pregunta cambió mientras la actualizábamos. Vuelva a cargarla e intente de nuevo.',
        );
      }
      throw error;
    }
  }

  private run<A extends ModerationAction>(
    action: A,
    id: Types.ObjectId,
    staff: StaffRef,
    body: unknown,
  ): Promise<ActionResult<A>> {
    const validated = actionBodyOf(action, body);
    return runAction(action, {
      context: this.context,
      seen: { id, version: validated.version },
      staff,
      body: validated,
      suggester: this.dependencies.suggester,
      now: this.context.now(),
    });
  }
}
