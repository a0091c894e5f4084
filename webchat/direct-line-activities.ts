import { z } from 'zod';

import { errorCodes, RequestRefusal } from '../kernel/errors';

/**
 * The activities of an embedded Direct Line conversation, as Direct Line returns them to a client:
 * what a client posted (kept to the fields Web Chat sends, with the sender and ids set here, never
 * taken from the client), and what the bot sent (kept as the bot sent it, less its serviceUrl).
 */

/** The bot as the citizen's client sees it, and as the bot sees itself (`recipient`). */
export const webChatBotAccount = { id: 'anm-asistente', name: 'Asistente de la ANM', role: 'bot' };

export const webChatChannelId = 'webchat';

/** Direct Line's activity ids: the conversation id and a zero-padded counter. */
export function directLineActivityId(conversationId: string, watermark: number): string {
  return `${conversationId}|${String(watermark).padStart(7, '0')}`;
}

const shortText = (max: number) => z.string().max(max).optional();

/**
 * What Web Chat posts (botframework-webchat-core's postActivitySaga): unknown fields are dropped,
 * and `from`, `id`, `conversation`, `recipient`, `timestamp` and `serviceUrl` are set here.
 */
const clientActivitySchema = z.object({
  type: z.enum(['message', 'event']),
  // As at /api/messages (bot/http/activity-schema.ts); the bot reads the first 2,000 characters.
  text: shortText(100_000),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: shortText(35),
  localTimestamp: shortText(40),
  localTimezone: shortText(64),
  name: shortText(200),
  // A card's submitted data (Adaptive Cards `Action.Submit`): any JSON, bounded by the body limit.
  value: z.unknown().optional(),
  channelData: z
    .object({ clientActivityID: shortText(100), clientTimestamp: shortText(40) })
    .optional(),
  // Web Chat sends an empty list with every message; files are not accepted here.
  attachments: z.array(z.unknown()).max(0).optional(),
});

export type ClientActivity = z.infer<typeof clientActivitySchema>;

export function clientActivityOf(body: unknown): ClientActivity {
  const parsed = clientActivitySchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const attachments = parsed.error.issues.some((issue) => issue.path[0] === 'attachments');
  throw new RequestRefusal(
    errorCodes.invalidActivity,
    attachments
      ? 'Este chat no recibe archivos: escriba su mensaje.'
      : 'La actividad no es válida: se esperaba un mensaje o un evento de Web Chat.',
  );
}

export interface ActivityPlace {
  conversationId: string;
  userId: string;
  watermark: number;
  at: Date;
}

/** A client's activity as the transcript keeps it and as the bot receives it (plus serviceUrl). */
export function userActivity(
  client: ClientActivity,
  place: ActivityPlace,
): Record<string, unknown> {
  const {
    type,
    text,
    textFormat,
    locale,
    localTimestamp,
    localTimezone,
    name,
    value,
    channelData,
  } = client;
  return {
    type,
    ...{ text, textFormat, locale, localTimestamp, localTimezone, name, value },
    id: directLineActivityId(place.conversationId, place.watermark),
    timestamp: place.at.toISOString(),
    channelId: webChatChannelId,
    // No display name: the bot needs none, and a name is personal data.
    from: { id: place.userId, name: '', role: 'user' },
    recipient: webChatBotAccount,
    conversation: { id: place.conversationId },
    ...(channelData ? { channelData } : {}),
  };
}

/** Direct Line's conversationUpdate when a conversation starts: the bot and the user joined. */
export function conversationStartActivity(
  conversationId: string,
  userId: string,
  locale: string | undefined,
  at: Date,
): Record<string, unknown> {
  return {
    type: 'conversationUpdate',
    // Watermark 0 is never a transcript slot, so the id is unique in the conversation.
    id: directLineActivityId(conversationId, 0),
    timestamp: at.toISOString(),
    channelId: webChatChannelId,
    from: { id: userId, name: '', role: 'user' },
    recipient: webChatBotAccount,
    conversation: { id: conversationId },
    membersAdded: [webChatBotAccount, { id: userId, name: '' }],
    ...(locale ? { locale } : {}),
  };
}

/** What the bot's connector client posts: an activity object with a type. */
const botActivitySchema = z.looseObject({ type: z.string().min(1).max(64) });

/**
 * The bot's activity as the transcript keeps it: ids and conversation set here, and without its
 * `serviceUrl`, which names the bot's own connector path (a secret a client never sees).
 */
export function botActivity(
  body: unknown,
  place: Omit<ActivityPlace, 'userId'>,
): Record<string, unknown> {
  const parsed = botActivitySchema.safeParse(body);
  if (!parsed.success) {
    throw new RequestRefusal(errorCodes.invalidActivity, 'La actividad no es válida.');
  }
  const activity: Record<string, unknown> = { ...parsed.data };
  delete activity.serviceUrl;
  return {
    ...activity,
    id: directLineActivityId(place.conversationId, place.watermark),
    timestamp: place.at.toISOString(),
    channelId: webChatChannelId,
    conversation: { id: place.conversationId },
  };
}

/** True for what a bot sends that is not worth keeping in a transcript (typing indicators). */
export function isTransient(body: unknown): boolean {
  return (body as { type?: unknown } | null)?.type === 'typing';
}
