import type { FacebookEventModels } from './facebook-event';
import type { QuestionModels } from './question';

/*
 * Where a Facebook Live comment is kept: its question, under a submission key made from the
 * comment's id, and the webhook deliveries that carried it (facebook-event.ts).
 */

const submissionPrefix = 'facebook-comment:';

/** A Live comment's question is stored under this key: capturing it twice stores it once. */
export function liveCommentSubmissionKey(commentId: string): string {
  return `${submissionPrefix}${commentId}`;
}

interface StoredEntry {
  changes?: unknown;
}

function commentIdOf(change: unknown): unknown {
  return (change as { value?: { comment_id?: unknown } } | null)?.value?.comment_id;
}

/** The stored delivery without the changes of these comments; undefined when it had none. */
function withoutComments(payload: unknown, commentIds: ReadonlySet<string>): unknown {
  const entries = (payload as { entry?: unknown } | null)?.entry;
  if (!Array.isArray(entries)) return undefined;
  let removed = 0;
  const entry = entries.map((item: StoredEntry) => {
    if (!Array.isArray(item.changes)) return item;
    const kept = item.changes.filter((change) => {
      const id = commentIdOf(change);
      return !(typeof id === 'string' && commentIds.has(id));
    });
    removed += item.changes.length - kept.length;
    return { ...item, changes: kept };
  });
  return removed === 0 ? undefined : { ...(payload as object), entry };
}

/**
 * Ley 1581 de 2012, art. 8: the Live comments among the citizen's questions leave the stored
 * webhook deliveries that carry them (their text and their author's Facebook id), the rest of
 * each delivery staying as it was. Called before the questions lose their link to the citizen.
 * Deliveries are kept two days (facebook-event.ts), so this reads few; an erasure is rare, so
 * the updates that FerretDB makes slow (see facebook-event.ts) do not weigh on the webhook.
 */
export async function forgetCitizenLiveComments(
  models: FacebookEventModels & Pick<QuestionModels, 'questions'>,
  citizenKey: string,
): Promise<number> {
  const questions = await models.questions
    .find({ citizenKey, origin: 'live-comment' }, { submissionKey: 1 })
    .lean();
  const commentIds = new Set(
    questions
      .map((question) => question.submissionKey)
      .filter((key) => key.startsWith(submissionPrefix))
      .map((key) => key.slice(submissionPrefix.length)),
  );
  if (commentIds.size === 0) return 0;
  const events = await models.facebookEvents
    .find({ 'payload.entry.changes.value.comment_id': { $in: [...commentIds] } }, { payload: 1 })
    .lean();
  let rewritten = 0;
  for (const event of events) {
    const payload = withoutComments(event.payload, commentIds);
    if (payload === undefined) continue;
    await models.facebookEvents.updateOne({ _id: event._id }, { $set: { payload } });
    rewritten++;
  }
  return rewritten;
}
