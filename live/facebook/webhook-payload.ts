import { z } from 'zod';

/** One change of a Page webhook delivery, as the bot uses it. */
export type PageChange =
  | { kind: 'live-video'; videoId: string; status: 'live' | 'ended' | 'other' }
  | {
      kind: 'comment';
      commentId: string;
      postId: string;
      /** The comment it answers, when it is a reply in a thread. */
      parentId: string | null;
      message: string;
      /** True when the text was longer than Facebook allows and was cut to it. */
      cut: boolean;
      fromId: string | null;
      createdAt: Date | null;
    };

/** Facebook's own limit for the text of a comment; longer text is cut to it before storing. */
export const maxCommentLength = 8_000;
/** Facebook ids are a few dozen digits and underscores; anything longer is not one. */
const maxIdLength = 128;

const idText = z.union([z.string().max(maxIdLength), z.number()]).transform(String);

const liveVideoValue = z.object({ id: idText, status: z.string() });
const feedValue = z.object({
  item: z.string(),
  verb: z.string(),
  comment_id: idText.optional(),
  post_id: idText.optional(),
  parent_id: idText.optional(),
  message: z.string().optional(),
  message_cut: z.literal(true).optional(),
  from: z.object({ id: idText.optional() }).optional(),
  created_time: z.union([z.number(), z.string()]).optional(),
});

export const pageNotificationSchema = z.object({
  object: z.string(),
  entry: z.array(
    z.object({
      id: idText,
      time: z.number().optional(),
      changes: z
        .array(z.object({ field: z.string(), value: z.record(z.string(), z.unknown()) }))
        .default([]),
    }),
  ),
});
export type PageNotification = z.infer<typeof pageNotificationSchema>;

function liveStatus(status: string): 'live' | 'ended' | 'other' {
  const normalised = status.toLowerCase();
  if (normalised === 'live') return 'live';
  if (['live_stopped', 'stopped', 'vod', 'ended'].includes(normalised)) return 'ended';
  return 'other';
}

function createdAt(value: number | string | undefined): Date | null {
  if (value === undefined) return null;
  const time = typeof value === 'number' ? value * 1000 : Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}

/**
 * The text cut to Facebook's limit, ending in "…" so that moderators see it was cut; a
 * surrogate pair is never split.
 */
function cutToLimit(text: string): { text: string; cut: boolean } {
  if (text.length <= maxCommentLength) return { text, cut: false };
  let end = maxCommentLength - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return { text: `${text.slice(0, end)}…`, cut: true };
}

type NotificationEntry = PageNotification['entry'][number];

function entryChanges(entry: NotificationEntry): PageChange[] {
  const changes: PageChange[] = [];
  for (const change of entry.changes) {
    if (change.field === 'live_videos') {
      const value = liveVideoValue.safeParse(change.value);
      if (value.success)
        changes.push({
          kind: 'live-video',
          videoId: value.data.id,
          status: liveStatus(value.data.status),
        });
    } else if (change.field === 'feed') {
      const value = feedValue.safeParse(change.value);
      if (!value.success) continue;
      const feed = value.data;
      if (feed.item !== 'comment' || feed.verb !== 'add') continue;
      const message = feed.message?.trim();
      if (!feed.comment_id || !feed.post_id || !message) continue;
      const { text, cut } = cutToLimit(message);
      changes.push({
        kind: 'comment',
        commentId: feed.comment_id,
        postId: feed.post_id,
        parentId: feed.parent_id && feed.parent_id !== feed.post_id ? feed.parent_id : null,
        message: text,
        cut: cut || feed.message_cut === true,
        fromId: feed.from?.id ?? null,
        createdAt: createdAt(feed.created_time),
      });
    }
  }
  return changes;
}

/** The changes the bot acts on; everything else (likes, reactions, edits) is left out. */
export function pageChanges(notification: PageNotification): PageChange[] {
  return notification.entry.flatMap(entryChanges);
}

/** A change as Meta would have sent it, with only the fields `pageChanges` reads. */
function storedChange(change: PageChange): PageNotification['entry'][number]['changes'][number] {
  if (change.kind === 'live-video') {
    return { field: 'live_videos', value: { id: change.videoId, status: change.status } };
  }
  return {
    field: 'feed',
    value: {
      item: 'comment',
      verb: 'add',
      comment_id: change.commentId,
      post_id: change.postId,
      ...(change.parentId === null ? {} : { parent_id: change.parentId }),
      message: change.message,
      ...(change.cut ? { message_cut: true } : {}),
      ...(change.fromId === null ? {} : { from: { id: change.fromId } }),
      ...(change.createdAt === null ? {} : { created_time: change.createdAt.toISOString() }),
    },
  };
}

/**
 * What is kept of a delivery until it is processed: the same notification with only what the
 * bot acts on (Ley 1581: no commenter's name or profile), so no key MongoDB refuses (`$…`,
 * dotted) is ever stored, and comment text is at most Facebook's 8,000 characters.
 * `pageChanges` gives the same changes for it as for the delivery itself.
 */
export function storedNotification(notification: PageNotification): PageNotification {
  return {
    object: notification.object,
    entry: notification.entry.map((entry) => ({
      id: entry.id,
      ...(entry.time === undefined ? {} : { time: entry.time }),
      changes: entryChanges(entry).map(storedChange),
    })),
  };
}
