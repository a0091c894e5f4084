import { setTimeout as delay } from 'node:timers/promises';

import type { Models } from '../../models/registry';

/** What the bot still has to do with the Facebook deliveries it stored. */
export interface Backlog {
  /** Deliveries stored and not processed yet. */
  deliveries: number;
  /** Private replies claimed and not answered by the Graph API yet. */
  replies: number;
}

type BacklogModels = Pick<
  Models,
  'facebookEvents' | 'facebookEventOutcomes' | 'facebookReplies' | 'facebookReplyOutcomes'
>;

/** Records without an outcome: the bot writes an outcome beside each, never over it. */
export async function facebookBacklog(models: BacklogModels): Promise<Backlog> {
  const deliveries =
    (await models.facebookEvents.countDocuments()) -
    (await models.facebookEventOutcomes.countDocuments());
  const replies =
    (await models.facebookReplies.countDocuments()) -
    (await models.facebookReplyOutcomes.countDocuments());
  return { deliveries, replies };
}

export interface DrainOptions {
  timeoutMs: number;
  /** Progress seen without asking the database: private replies received by the Graph fake. */
  progress: () => number;
  /** The progress at which everything should be done (one reply per question comment). */
  target: number;
  /** Ask the database when progress has not moved for this long (chatter-only deliveries). */
  quietMs?: number;
  /** At most one database check this often (every second once the target is reached). */
  checkEveryMs?: number;
}

/**
 * Waits until every stored delivery is processed and every private reply answered, or until
 * `timeoutMs`. FerretDB scans a whole collection for any filter but `_id`, so counting the
 * backlog costs the bot's database real work: the wait watches the replies arriving at the
 * Graph fake and asks the database only when they reach the target or stop coming.
 */
export async function waitForDrain(
  models: BacklogModels,
  options: DrainOptions,
): Promise<{ drained: boolean; backlog: Backlog }> {
  const quietMs = options.quietMs ?? 5_000;
  const checkEveryMs = options.checkEveryMs ?? 3_000;
  const deadline = Date.now() + options.timeoutMs;
  let lastProgress = options.progress();
  let movedAt = Date.now();
  let checkedAt = 0;
  for (;;) {
    const progress = options.progress();
    if (progress !== lastProgress) {
      lastProgress = progress;
      movedAt = Date.now();
    }
    const reached = progress >= options.target;
    const due = reached || Date.now() - movedAt >= quietMs;
    const timedOut = Date.now() >= deadline;
    if ((due && Date.now() - checkedAt >= (reached ? 1_000 : checkEveryMs)) || timedOut) {
      checkedAt = Date.now();
      const backlog = await facebookBacklog(models);
      if (backlog.deliveries === 0 && backlog.replies === 0) return { drained: true, backlog };
      if (timedOut) return { drained: false, backlog };
    }
    await delay(100);
  }
}
