import {
  maxCommentLength,
  pageChanges,
  pageNotificationSchema,
  storedNotification,
} from './webhook-payload';

const notification = pageNotificationSchema.parse({
  object: 'page',
  entry: [
    {
      id: '1001',
      time: 1764000000,
      changes: [
        { field: 'live_videos', value: { id: '555', status: 'LIVE' } },
        { field: 'live_videos', value: { id: '555', status: 'live_stopped' } },
        {
          field: 'feed',
          value: {
            from: { id: '42', name: 'Ana Pérez' },
            item: 'comment',
            verb: 'add',
            comment_id: '555_1',
            post_id: '1001_555',
            parent_id: '1001_555',
            message: ' ¿Qué es el canon? ',
            created_time: 1764000100,
          },
        },
        {
          field: 'feed',
          value: {
            item: 'comment',
            verb: 'add',
            comment_id: '555_2',
            post_id: '1001_555',
            parent_id: '555_1',
            message: 'y cuanto vale',
          },
        },
        { field: 'feed', value: { item: 'reaction', verb: 'add', post_id: '1001_555' } },
        {
          field: 'feed',
          value: {
            item: 'comment',
            verb: 'edited',
            comment_id: '555_1',
            post_id: '1001_555',
            message: 'x',
          },
        },
        {
          field: 'feed',
          value: {
            item: 'comment',
            verb: 'add',
            comment_id: '555_3',
            post_id: '1001_555',
            message: '   ',
          },
        },
      ],
    },
  ],
});

describe('pageChanges', () => {
  it('when a delivery mixes live video states, comments and other changes, then only what the bot acts on comes out', () => {
    expect(pageChanges(notification)).toEqual([
      { kind: 'live-video', videoId: '555', status: 'live' },
      { kind: 'live-video', videoId: '555', status: 'ended' },
      {
        kind: 'comment',
        commentId: '555_1',
        postId: '1001_555',
        parentId: null,
        message: '¿Qué es el canon?',
        cut: false,
        fromId: '42',
        createdAt: new Date(1764000100 * 1000),
      },
      {
        kind: 'comment',
        commentId: '555_2',
        postId: '1001_555',
        parentId: '555_1',
        message: 'y cuanto vale',
        cut: false,
        fromId: null,
        createdAt: null,
      },
    ]);
  });
});

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

describe('storedNotification', () => {
  it('when a delivery is kept, then commenters keep their id but lose their name, and it gives the same changes', () => {
    const kept = JSON.stringify(storedNotification(notification));
    expect(kept).not.toContain('Ana Pérez');
    expect(pageChanges(pageNotificationSchema.parse(JSON.parse(kept)))).toEqual(
      pageChanges(notification),
    );
  });

  it('when a delivery carries "$" and dotted keys anywhere, then none is kept and its comment still counts', () => {
    const hostile = pageNotificationSchema.parse({
      object: 'page',
      $where: 'sleep(1000)',
      entry: [
        {
          id: '1001',
          'a.b': 1,
          changes: [
            { field: '$set', value: { $ne: null } },
            {
              field: 'feed',
              value: {
                $where: '1',
                'x.y': { $gt: '' },
                from: { id: '42', name: 'Ana', $oid: 'x' },
                post: { 'status.type': 'added_video', $id: 1 },
                item: 'comment',
                verb: 'add',
                comment_id: '555_9',
                post_id: '1001_555',
                message: '¿Quién vigila las regalías?',
              },
            },
          ],
        },
      ],
    });
    const stored = storedNotification(hostile);
    expect(keysOf(stored).filter((key) => key.startsWith('$') || key.includes('.'))).toEqual([]);
    expect(pageChanges(pageNotificationSchema.parse(stored))).toEqual([
      expect.objectContaining({ commentId: '555_9', message: '¿Quién vigila las regalías?' }),
    ]);
  });

  it('when a comment is longer than Facebook allows, then it is cut to 8,000 characters and marked as cut, also after a restart', () => {
    const long = pageNotificationSchema.parse({
      object: 'page',
      entry: [
        {
          id: '1001',
          changes: [
            {
              field: 'feed',
              value: {
                item: 'comment',
                verb: 'add',
                comment_id: '555_10',
                post_id: '1001_555',
                message: `¿${'regalías '.repeat(100_000)}?`,
              },
            },
          ],
        },
      ],
    });
    const stored = storedNotification(long);
    expect(JSON.stringify(stored).length).toBeLessThan(maxCommentLength + 1_000);
    const [change] = pageChanges(pageNotificationSchema.parse(stored));
    expect(change).toMatchObject({ kind: 'comment', cut: true });
    const message = change?.kind === 'comment' ? change.message : '';
    expect(message).toHaveLength(maxCommentLength);
    expect(message.endsWith('…')).toBe(true);
  });
});
