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
      fromId: string | null;
      createdAt: Date | null;
    };

const idText = z.union([z.string(), z.number()]).transform(String);

const liveVideoValue = z.object({ id: idText, status: z.string() });
const feedValue = z.object({
  item: z.string(),
  verb: z.string(),
  comment_id: idText.optional(),
  post_id: idText.optional(),
  parent_id: idText.optional(),
  message: z.string().optional(),
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

/** The changes the bot acts on; everything else (likes, reactions, edits) is left out. */
export function pageChanges(notification: PageNotification): PageChange[] {
  const changes: PageChange[] = [];
  for (const entry of notification.entry) {
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
        if (!feed.comment_id || !feed.post_id || !feed.message?.trim()) continue;
        changes.push({
          kind: 'comment',
          commentId: feed.comment_id,
          postId: feed.post_id,
          parentId: feed.parent_id && feed.parent_id !== feed.post_id ? feed.parent_id : null,
          message: feed.message.trim(),
          fromId: feed.from?.id ?? null,
          createdAt: createdAt(feed.created_time),
        });
      }
    }
  }
  return changes;
}

/**
 * What is kept of a delivery until it is processed: the same notification without commenters'
 * names or profile data (Ley 1581: only what the processing needs).
 */
export function withoutProfiles(notification: PageNotification): PageNotification {
  return {
    ...notification,
    entry: notification.entry.map((entry) => ({
      ...entry,
      changes: entry.changes.map((change) => {
        const { from, ...value } = change.value as { from?: { id?: unknown } } & Record<
          string,
          unknown
        >;
        return {
          ...change,
          value:
            from && typeof from === 'object' && 'id' in from
              ? { ...value, from: { id: from.id } }
              : value,
        };
      }),
    })),
  };
}
