import type { Types } from 'mongoose';

import { errorCodes, RequestRefusal } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import type { StaffRef } from '../kernel/staff-identity';
import { QuestionChangedError } from '../models/question';
import { approve } from './approval';
import type { DraftSuggester } from './draft-suggester';
import { saveDraft, suggestDraft } from './drafts';
import type { ModerationContext, ModerationModels } from './moderation-context';
import { actionBodyOf, questionIdOf, type ModerationAction } from './moderation-inputs';
import { assign, extendTerm, forward, reclassify, reject, withdraw } from './question-actions';
import { groupDuplicates, ungroupQuestion } from './question-grouping';
import { groupView, moderatorQuestion, questionDetail } from './question-view';
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
  async act(action: ModerationAction, questionId: Types.ObjectId, staff: StaffRef, body: unknown) {
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

  private async run(action: ModerationAction, id: Types.ObjectId, staff: StaffRef, body: unknown) {
    const context = this.context;
    const now = context.now();
    const view = (question: Parameters<typeof moderatorQuestion>[0]) =>
      moderatorQuestion(question, now);
    switch (action) {
      case 'assign': {
        const { version, area, assignee } = actionBodyOf(action, body);
        return {
          question: view(await assign(context, { id, version }, staff, { area, assignee })),
        };
      }
      case 'reclassify': {
        const { version, petitionKind } = actionBodyOf(action, body);
        return { question: view(await reclassify(context, { id, version }, staff, petitionKind)) };
      }
      case 'extend': {
        const { version, reason, businessDays } = actionBodyOf(action, body);
        return {
          question: view(
            await extendTerm(context, { id, version }, staff, { reason, businessDays }),
          ),
        };
      }
      case 'group': {
        const { version, duplicates } = actionBodyOf(action, body);
        const seen = duplicates.map((duplicate) => ({
          id: questionIdOf(duplicate.id),
          version: duplicate.version,
        }));
        const group = await groupDuplicates(context, { id, version }, seen, staff);
        return { group: groupView(group) };
      }
      case 'ungroup': {
        const { version } = actionBodyOf(action, body);
        const group = await ungroupQuestion(context, { id, version }, staff);
        return { group: group ? groupView(group) : null };
      }
      case 'forward': {
        const { version, authority, reason } = actionBodyOf(action, body);
        return {
          question: view(await forward(context, { id, version }, staff, { authority, reason })),
        };
      }
      case 'reject': {
        const { version, reason } = actionBodyOf(action, body);
        return { question: view(await reject(context, { id, version }, staff, reason)) };
      }
      case 'withdraw': {
        const { version } = actionBodyOf(action, body);
        return { question: view(await withdraw(context, { id, version }, staff)) };
      }
      case 'answer': {
        const { version, text } = actionBodyOf(action, body);
        const saved = await saveDraft(context, { id, version }, staff, text);
        return { question: view(saved.question), readability: saved.readability };
      }
      case 'suggest': {
        const { version } = actionBodyOf(action, body);
        const suggested = await suggestDraft(
          context,
          this.dependencies.suggester,
          { id, version },
          staff,
        );
        return suggested.suggestion
          ? {
              question: view(suggested.question),
              suggestion: suggested.suggestion,
              readability: suggested.readability,
            }
          : { question: view(suggested.question), suggestion: null, reason: suggested.reason };
      }
      case 'approve': {
        const { version } = actionBodyOf(action, body);
        const approval = await approve(context, { id, version }, staff);
        return {
          question: view(approval.question),
          askers: approval.askers,
          deliveriesQueued: approval.deliveriesQueued,
          alreadyPublished: approval.alreadyPublished,
        };
      }
    }
  }
}
