import { signatureOf } from '../../bot/http/facebook-signature';

export const testPageId = '104857600000001';
export const testAppSecret = 'app-secret-for-tests-only';
export const testVerifyToken = 'verify-token-for-tests';

/** The environment that turns the Facebook webhook on, with the Graph API at `graphUrl`. */
export function facebookEnvironment(graphUrl: string): Record<string, string> {
  return {
    FACEBOOK_APP_SECRET: testAppSecret,
    FACEBOOK_VERIFY_TOKEN: testVerifyToken,
    FACEBOOK_PAGE_ID: testPageId,
    FACEBOOK_PAGE_ACCESS_TOKEN: 'page-token-for-tests',
    FACEBOOK_GRAPH_URL: graphUrl,
    FACEBOOK_GRAPH_API_VERSION: 'v24.0',
  };
}

export interface Change {
  field: string;
  value: Record<string, unknown>;
}

export function liveVideoChange(videoId: string, status: string): Change {
  return { field: 'live_videos', value: { id: videoId, status } };
}

/** A `feed` change for a new comment, as Meta sends it (with the commenter's name). */
export function commentChange(options: {
  commentId: string;
  postId: string;
  message: string;
  fromId?: string;
  fromName?: string;
}): Change {
  return {
    field: 'feed',
    value: {
      from: { id: options.fromId ?? '7000000000001', name: options.fromName ?? 'Ana Pérez' },
      post: { status_type: 'added_video', is_published: true, id: options.postId },
      message: options.message,
      post_id: options.postId,
      comment_id: options.commentId,
      created_time: Math.floor(Date.now() / 1000),
      item: 'comment',
      parent_id: options.postId,
      verb: 'add',
    },
  };
}

/** A Page notification; `time` (seconds) sets the entry's time, which makes two bodies differ. */
export function pageNotification(changes: Change[], options: { time?: number } = {}): string {
  return JSON.stringify({
    object: 'page',
    entry: [{ id: testPageId, time: options.time ?? Math.floor(Date.now() / 1000), changes }],
  });
}

/** POSTs a delivery as Meta does: the raw body with its HMAC-SHA256 signature. */
export async function deliver(
  botUrl: string,
  body: string,
  signature: string | null = signatureOf(body, testAppSecret),
  options: { signal?: AbortSignal } = {},
): Promise<{ status: number; text: string; ms: number }> {
  const startedAt = performance.now();
  const response = await fetch(`${botUrl}/api/facebook/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
    },
    body,
    signal: options.signal,
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - startedAt };
}
