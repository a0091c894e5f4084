import { pageChanges, pageNotificationSchema, withoutProfiles } from './webhook-payload';

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
        fromId: '42',
        createdAt: new Date(1764000100 * 1000),
      },
      {
        kind: 'comment',
        commentId: '555_2',
        postId: '1001_555',
        parentId: '555_1',
        message: 'y cuanto vale',
        fromId: null,
        createdAt: null,
      },
    ]);
  });
});

describe('withoutProfiles', () => {
  it('when a delivery is kept, then commenters keep their id but lose their name', () => {
    const kept = JSON.stringify(withoutProfiles(notification));
    expect(kept).not.toContain('Ana Pérez');
    expect(pageChanges(pageNotificationSchema.parse(JSON.parse(kept)))).toEqual(
      pageChanges(notification),
    );
  });
});
