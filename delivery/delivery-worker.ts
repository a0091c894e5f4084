import { describeError, type Logger } from '../kernel/logger';
import type { ProactiveSender } from '../kernel/proactive-sender';
import {
  ConversationReferenceStore,
  type ConversationReferenceModel,
} from '../models/conversation-reference';
import {
  attemptLimitOf,
  findDelivery,
  forgetPendingDelivery,
  listDuePendingDeliveryIds,
  recordDeliveryOutcome,
  reschedulePendingDelivery,
  type DeliveryDocument,
  type DeliveryModel,
  type PendingDeliveryModel,
} from '../models/deliveries';
import {
  claimDeliveryAttempt,
  endDeliveryAttempt,
  findDeliveryAttempt,
  type DeliveryAttemptModel,
} from '../models/delivery-attempts';
import type { QuestionEventModel } from '../models/question-events';
import { findQuestion, type QuestionDocument, type QuestionModel } from '../models/question';
import { needsModeratorAttention } from './delivery-attention';
import { nextAttemptAfterFailure, maxAttempts } from './delivery-schedule';
import {
  sendToTarget,
  surveyInvitationOf,
  type DeliveryUnit,
  type SatisfactionSurveyInviter,
  type SendSettings,
} from './delivery-sending';
import { resolveTarget, unreachableReasons } from './delivery-targets';
import type { EmailSender } from './email-sender';

export interface DeliveryWorkerModels {
  deliveries: DeliveryModel;
  pendingDeliveries: PendingDeliveryModel;
  deliveryAttempts: DeliveryAttemptModel;
  questions: QuestionModel;
  questionEvents: QuestionEventModel;
  conversationReferences: ConversationReferenceModel;
}

export interface DeliveryWorkerOptions {
  models: DeliveryWorkerModels;
  /** Proactive messages through the adapter (chat, Messenger, Teams meeting chat). */
  sender: ProactiveSender;
  /** Absent when SMTP_URL is unset: e-mail deliveries are then unreachable, with that reason. */
  email?: EmailSender;
  /** PUBLIC_BASE_URL: links go to `<it>/respuestas/<code>`; unset, to `publicationUrl`. */
  publicBaseUrl?: string;
  publicationUrl: string;
  /** Asks chat askers, once, how satisfied they are with an answer just delivered (optional). */
  survey?: SatisfactionSurveyInviter;
  logger: Logger;
  /** Between passes (default 30 s). */
  intervalMs?: number;
  /** Work-list entries read per pass (default 100): a pass is bounded whatever is queued. */
  batchSize?: number;
  /** Sends in flight at once (default 4). */
  concurrency?: number;
  /**
   * An attempt claimed this long ago and never ended is taken for a crashed process and retried
   * (default 10 minutes, far above the longest send: SMTP and connector calls are bounded).
   */
  attemptTimeoutMs?: number;
  now?: () => Date;
}

/** What one pass did, for tests and the log. */
export interface DeliveryPassSummary {
  sent: number;
  failed: number;
  unreachable: number;
  /** Claimed by another deliverer (a replica) or not due yet. */
  skipped: number;
}

async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

function hasEnded(delivery: DeliveryDocument): boolean {
  if (delivery.status === 'sent' || delivery.status === 'unreachable') return true;
  return delivery.status === 'failed' && !delivery.nextAttemptAt;
}

/**
 * The deliverer: every `intervalMs` it reads the small work list (`pending_deliveries`), decides
 * where each due delivery goes, and sends it once.
 *
 * Exactly once, also with several replicas: an attempt is sent only by the process whose insert
 * of `delivery_attempts` "<deliveryId>@<n>" landed, and the outcome is written on the delivery
 * before the attempt is marked ended. The one case a message can arrive twice: a process that
 * dies after the channel accepted the message and before it recorded so; after
 * `attemptTimeoutMs` the next attempt sends it again. (No protocol here can tell "sent, then
 * died" from "died, then not sent".)
 */
export class DeliveryWorker {
  private readonly references: ConversationReferenceStore;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  /** A wake during a pass: the next pass follows at once (the pass may have listed too early). */
  private wakeRequested = false;
  private readonly now: () => Date;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.references = new ConversationReferenceStore(options.models.conversationReferences);
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the timer and waits for a pass in progress, so the database can close after it. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** A pass soon (after an approval in this process), instead of at the next tick. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.wakeRequested = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((error: unknown) => {
          // describeError never carries a remote reply or a request body.
          this.options.logger.error({ ...describeError(error) }, 'delivery pass failed');
        })
        .finally(() => {
          this.running = undefined;
          const delayMs = this.wakeRequested ? 0 : (this.options.intervalMs ?? 30_000);
          this.wakeRequested = false;
          if (!this.stopped) this.schedule(delayMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One pass over the work list. */
  async runOnce(): Promise<DeliveryPassSummary> {
    const { models } = this.options;
    const now = this.now();
    const summary: DeliveryPassSummary = { sent: 0, failed: 0, unreachable: 0, skipped: 0 };
    const ids = await listDuePendingDeliveryIds(
      models.pendingDeliveries,
      now,
      this.options.batchSize ?? 100,
    );
    const concurrency = this.options.concurrency ?? 4;
    const due: { delivery: DeliveryDocument; asker: QuestionDocument | null }[] = [];
    await forEachBounded(ids, concurrency, async (id) => {
      const delivery = await findDelivery(models.deliveries, id);
      if (!delivery || hasEnded(delivery)) {
        await forgetPendingDelivery(models.pendingDeliveries, id);
        return;
      }
      if ((delivery.nextAttemptAt ?? delivery.createdAt) > now) {
        summary.skipped++;
        return;
      }
      due.push({ delivery, asker: await findQuestion(models.questions, delivery.questionId) });
    });
    const units = await this.unitsOf(due, now);
    await forEachBounded(units, concurrency, async (unit) => {
      const claimed = await this.claim(unit, now);
      summary.skipped += unit.items.length - claimed.items.length;
      if (claimed.items.length === 0) return;
      const result = await sendToTarget(claimed, this.sendSettings());
      for (const item of claimed.items) {
        await this.record(item.delivery, item.attempt, result, now);
        summary[result.status]++;
      }
      // After the outcome is recorded, so that the survey never widens the window in which a
      // crash makes the answer go twice; its own claim makes it go once (see the inviter).
      const invitation = result.status === 'sent' ? surveyInvitationOf(claimed) : undefined;
      if (invitation) await this.options.survey?.invite(invitation);
    });
    return summary;
  }

  private sendSettings(): SendSettings {
    const { sender, email, publicBaseUrl, publicationUrl, models } = this.options;
    return { sender, email, publicBaseUrl, publicationUrl, questions: models.questions };
  }

  /** One unit per delivery, except a meeting chat's deliveries of one kind: one unit, one message. */
  private async unitsOf(
    due: readonly { delivery: DeliveryDocument; asker: QuestionDocument | null }[],
    now: Date,
  ): Promise<DeliveryUnit[]> {
    const { models } = this.options;
    const lookups = {
      references: this.references,
      questionEvents: models.questionEvents,
      emailConfigured: this.options.email !== undefined,
      now,
    };
    const units: DeliveryUnit[] = [];
    const meetingUnits = new Map<string, DeliveryUnit>();
    for (const { delivery, asker } of due) {
      const target = asker
        ? await resolveTarget(delivery, asker, lookups)
        : { via: 'none' as const, reason: unreachableReasons.nothingToSend };
      const item = { delivery, asker, attempt: 0 };
      if (target.via !== 'meeting-chat') {
        units.push({ target, items: [item] });
        continue;
      }
      const unit = meetingUnits.get(target.groupKey);
      if (unit) unit.items.push(item);
      else {
        const created: DeliveryUnit = { target, items: [item] };
        meetingUnits.set(target.groupKey, created);
        units.push(created);
      }
    }
    for (const unit of units)
      unit.items.sort((a, b) => a.delivery._id.localeCompare(b.delivery._id));
    return units;
  }

  /**
   * Claims the next attempt of each delivery of the unit. In a meeting chat's unit, the first
   * delivery decides: if another deliverer holds it, that one sends the whole unit.
   */
  private async claim(unit: DeliveryUnit, now: Date): Promise<DeliveryUnit> {
    const items: DeliveryUnit['items'] = [];
    for (const item of unit.items) {
      const attempt = await this.claimNextAttempt(item.delivery, now);
      if (attempt === undefined) {
        if (items.length === 0) return { ...unit, items: [] };
        continue;
      }
      items.push({ ...item, attempt });
    }
    return { ...unit, items };
  }

  /**
   * The attempt number this process won, or undefined. An attempt claimed and never ended past
   * the timeout belongs to a process that died: the next number is claimed instead.
   */
  private async claimNextAttempt(
    delivery: DeliveryDocument,
    now: Date,
  ): Promise<number | undefined> {
    const { deliveryAttempts } = this.options.models;
    const timeoutMs = this.options.attemptTimeoutMs ?? 10 * 60_000;
    const limit = attemptLimitOf(delivery, maxAttempts); // more after a moderator's retry
    for (let attempt = delivery.attempts + 1; attempt <= limit; attempt++) {
      if (await claimDeliveryAttempt(deliveryAttempts, delivery._id, attempt, now)) return attempt;
      const held = await findDeliveryAttempt(deliveryAttempts, delivery._id, attempt);
      if (!held || held.endedAt !== null) return undefined;
      if (now.getTime() - held.claimedAt.getTime() < timeoutMs) return undefined;
      this.options.logger.warn(
        { delivery: delivery._id, attempt },
        'delivery attempt never ended: retrying it',
      );
    }
    return undefined;
  }

  private async record(
    delivery: DeliveryDocument,
    attempt: number,
    result: Awaited<ReturnType<typeof sendToTarget>>,
    now: Date,
  ): Promise<void> {
    const { models, logger } = this.options;
    const outcome =
      result.status === 'failed'
        ? {
            ...result,
            attempts: attempt,
            at: now,
            nextAttemptAt: nextAttemptAfterFailure(attempt, now),
          }
        : { ...result, attempts: attempt, at: now };
    const retryAt = outcome.status === 'failed' ? outcome.nextAttemptAt : null;
    // The delivery first: an attempt marked ended always has its outcome on the delivery.
    await recordDeliveryOutcome(models.deliveries, delivery._id, outcome, {
      needsAttention: needsModeratorAttention({ ...outcome, nextAttemptAt: retryAt }),
    });
    await endDeliveryAttempt(models.deliveryAttempts, delivery._id, attempt, result.status, now);
    if (retryAt) await reschedulePendingDelivery(models.pendingDeliveries, delivery._id, retryAt);
    else await forgetPendingDelivery(models.pendingDeliveries, delivery._id);
    logger.info(
      {
        delivery: delivery._id,
        attempt,
        outcome: result.status,
        ...(result.status === 'failed' ? { failure: result.failure, final: retryAt === null } : {}),
      },
      'delivery attempt ended',
    );
  }
}
