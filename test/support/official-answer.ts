import type { LocalStaffIssuer } from './staff-auth-issuer';

interface QueueItem {
  id: string;
  trackingCode: string;
  version: number;
}

/** Two moderators of the test tenant: one drafts, the other approves (two-step approval). */
const drafter = { oid: 'oid-ana-moderadora', name: 'Ana Moderadora', roles: ['moderator'] };
const approver = { oid: 'oid-bruno-revisor', name: 'Bruno Revisor', roles: ['moderator'] };

async function call<T>(url: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * The official answer to the question with `trackingCode`, through the moderators' API as the
 * moderation page uses it: drafted by one moderator, approved by another. The delivery worker then
 * sends it to the asker's conversation (a proactive message).
 */
export async function answerOfficially(
  botUrl: string,
  issuer: LocalStaffIssuer,
  trackingCode: string,
  text: string,
): Promise<void> {
  const ana = await issuer.token(drafter);
  const bruno = await issuer.token(approver);
  const deadline = Date.now() + 20_000;
  let item: QueueItem | undefined;
  // The queue is fed by a change feed: the question appears in it shortly after it is registered.
  while (!item) {
    const queue = await call<{ items: QueueItem[] }>(`${botUrl}/api/moderation/questions`, ana);
    item = queue.items.find((candidate) => candidate.trackingCode === trackingCode);
    if (item) break;
    if (Date.now() > deadline) throw new Error(`${trackingCode} never reached the queue`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const questionUrl = `${botUrl}/api/moderation/questions/${item.id}`;
  const drafted = await call<{ question: { version: number } }>(`${questionUrl}/answer`, ana, {
    version: item.version,
    text,
  });
  await call(`${questionUrl}/approve`, bruno, { version: drafted.question.version });
}
