import type { Pseudonymizer } from '../kernel/pseudonym';
import type { FacebookEventModels } from './facebook-event';
import { forgetReplyComments, type FacebookReplyModels } from './facebook-reply';
import type { QuestionModels } from './question';
import { isLiveCommentKey, liveCommentKey } from './submission-keys';

/*
 * Where a Facebook Live comment is kept: its question, under a submission key that is a pseudonym
 * of the comment's id (submission-keys.ts); the webhook deliveries that carried it
 * (facebook-event.ts); and the records of its private reply (facebook-reply.ts).
 */

interface StoredEntry {
  changes?: unknown;
}

function commentIdOf(change: unknown): unknown {
  return (change as { value?: { comment_id?: unknown } } | null)?.value?.comment_id;
}

/** The stored delivery without the changes `forgotten` picks; undefined when it had none. */
function withoutComments(payload: unknown, forgotten: (commentId: string) => boolean): unknown {
  const entries = (payload as { entry?: unknown } | null)?.entry;
  if (!Array.isArray(entries)) return undefined;
  let removed = 0;
  const entry = entries.map((item: StoredEntry) => {
    if (!Array.isArray(item.changes)) return item;
    const kept = item.changes.filter((change) => {
      const id = commentIdOf(change);
      return !(typeof id === 'string' && forgotten(id));
    });
    removed += item.changes.length - kept.length;
    return { ...item, changes: kept };
  });
  return removed === 0 ? undefined : { ...(payload as object), entry };
}

/**
 * Ley 1581 de 2012, art. 8: the Live comments among the citizen's questions leave the stored
 * webhook deliveries that carry them (their text and their author's Facebook id), the rest of
 * each delivery staying as it was, and their private replies' records lose the comment id.
 * Called before the questions lose their link to the citizen. The questions keep only a pseudonym
 * of each comment id, so every stored delivery is read and its comments' keys computed: deliveries
 * are kept two days (30 for those that failed for good, facebook-event.ts) and an erasure is rare,
 * so this reads few and the updates that FerretDB makes slow do not weigh on the webhook.
 */
export async function forgetCitizenLiveComments(
  models: FacebookEventModels & FacebookReplyModels & Pick<QuestionModels, 'questions'>,
  pseudonymizer: Pseudonymizer,
  citizenKey: string,
  now: Date = new Date(),
): Promise<number> {
  const questions = await models.questions
    .find({ citizenKey, origin: 'live-comment' }, { submissionKey: 1 })
    .lean();
  const keys = new Set(
    questions.map((question) => question.submissionKey).filter((key) => isLiveCommentKey(key)),
  );
  if (keys.size === 0) return 0;
  const forgotten = (commentId: string) => keys.has(liveCommentKey(pseudonymizer, commentId));
  let rewritten = 0;
  const events = await models.facebookEvents.find({}, { payload: 1 }).lean();
  for (const event of events) {
    const payload = withoutComments(event.payload, forgotten);
    if (payload === undefined) continue;
    await models.facebookEvents.updateOne({ _id: event._id }, { $set: { payload } });
    rewritten++;
  }
  await forgetReplyComments(models, [...keys], now);
  return rewritten;
}
