import { z } from 'zod';

import { errorCodes, RequestRefusal } from '../../kernel/errors';

/**
 * The shape of a Bot Framework activity, checked at the edge before authentication or any turn:
 * every field the bot or the SDK reads as text must be text of a bounded size, so that an object
 * where a string belongs (`{"$ne": null}`) or a megabyte of id is a 400 here rather than a 500 (or
 * a database query) later. Unknown fields pass: channels add their own. `channelData`, `value`,
 * `entities` and `attachments` are free-form, bounded by the body limit.
 */

const idLength = 1024;
const shortTextLength = 256;
/**
 * A raw bound far above any channel's own limit (Teams ~28 KB, Messenger 2,000 characters); the
 * bot itself cuts long messages further with a note to the citizen.
 */
export const maxActivityTextLength = 100_000;

const optionalText = (max: number) => z.string().max(max).nullish();

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

const channelAccount = z.looseObject({
  id: z.string().max(idLength),
  name: optionalText(idLength),
  role: optionalText(shortTextLength),
  aadObjectId: optionalText(shortTextLength),
});

const conversationAccount = z.looseObject({
  id: z.string().min(1).max(idLength),
  name: optionalText(idLength),
  conversationType: optionalText(shortTextLength),
  tenantId: optionalText(shortTextLength),
  isGroup: z.boolean().nullish(),
});

export const activitySchema = z.looseObject({
  type: z.string().min(1).max(shortTextLength),
  id: optionalText(idLength),
  channelId: z.string().min(1).max(shortTextLength),
  // Required for every type: every channel sends it, the SDK builds its connector from it, and
  // without it the SDK skips the token's serviceurl claim check.
  serviceUrl: z.string().max(2048).refine(isHttpUrl, 'must be an http or https URL'),
  from: channelAccount,
  recipient: channelAccount,
  conversation: conversationAccount,
  text: optionalText(maxActivityTextLength),
  speak: optionalText(maxActivityTextLength),
  summary: optionalText(maxActivityTextLength),
  textFormat: optionalText(shortTextLength),
  locale: optionalText(shortTextLength),
  localTimezone: optionalText(shortTextLength),
  timestamp: optionalText(shortTextLength),
  localTimestamp: optionalText(shortTextLength),
  replyToId: optionalText(idLength),
  name: optionalText(idLength),
  action: optionalText(shortTextLength),
  deliveryMode: optionalText(shortTextLength),
  callerId: optionalText(idLength),
  valueType: optionalText(idLength),
  membersAdded: z.array(channelAccount).max(1000).nullish(),
  membersRemoved: z.array(channelAccount).max(1000).nullish(),
  entities: z.array(z.record(z.string(), z.unknown())).nullish(),
  attachments: z.array(z.record(z.string(), z.unknown())).nullish(),
});

export type EdgeActivity = z.infer<typeof activitySchema>;

/**
 * The body as an activity, or a 400 that names the first field at fault (a path of the schema,
 * never a value the client sent).
 */
export function activityOf(body: unknown): EdgeActivity {
  const parsed = activitySchema.safeParse(body);
  // The body itself goes on, exactly as the channel sent it.
  if (parsed.success) return body as EdgeActivity;
  const [issue] = parsed.error.issues;
  const field = issue?.path.map(String).join('.') ?? '';
  throw new RequestRefusal(
    errorCodes.invalidActivity,
    field === ''
      ? 'El cuerpo debe ser una actividad de Bot Framework: un objeto JSON.'
      : `La actividad no es válida (campo ${field}).`,
  );
}
