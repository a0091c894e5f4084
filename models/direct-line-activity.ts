import { Schema, type Connection, type Model } from 'mongoose';

import {
  directLineConversationModel,
  findDirectLineConversation,
  raiseDirectLineWatermark,
  type DirectLineConversationModel,
} from './direct-line-conversation';
import {
  directLineResumeModel,
  forgetDirectLineResume,
  type DirectLineResumeModel,
} from './direct-line-resume';
import { isDuplicateKeyError } from './mongo-errors';

/**
 * The transcript of an embedded Direct Line conversation: one document per activity, `_id`
 * `"<conversationId>#<watermark>"`, the watermark counting 1, 2, 3… in each conversation. Every
 * read and write is a lookup by `_id` or an insert (the one filter the embedded store serves from
 * an index), and a slot is claimed by its insert, the one write FerretDB makes atomically.
 *
 * No gaps: a writer starts after the conversation's watermark hint (never ahead of the filled
 * slots) and moves up one slot each time an insert finds its slot taken, so a slot is claimed only
 * once every slot below it is filled. A reader can therefore stop at the first missing slot.
 *
 * `json` is the activity as Direct Line returns it, kept as text: an activity's `value` or
 * `channelData` may hold keys MongoDB refuses (`$…`, dotted). Erasure (Ley 1581) sets it to null
 * and keeps the slot, so that the numbering stays without gaps.
 */
export interface DirectLineActivityDocument {
  _id: string;
  json: string | null;
  storedAt: Date;
}

export const directLineActivitySchema = new Schema<DirectLineActivityDocument>(
  {
    _id: { type: String, required: true },
    json: { type: String, default: null },
    storedAt: { type: Date, required: true },
  },
  { collection: 'direct_line_activities', versionKey: false },
);

export type DirectLineActivityModel = Model<DirectLineActivityDocument>;

export function directLineActivityModel(connection: Connection): DirectLineActivityModel {
  return connection.model<DirectLineActivityDocument>(
    'DirectLineActivity',
    directLineActivitySchema,
  );
}

export interface DirectLineModels {
  directLineConversations: DirectLineConversationModel;
  directLineActivities: DirectLineActivityModel;
  directLineResumes: DirectLineResumeModel;
}

export function directLineModels(connection: Connection): DirectLineModels {
  return {
    directLineConversations: directLineConversationModel(connection),
    directLineActivities: directLineActivityModel(connection),
    directLineResumes: directLineResumeModel(connection),
  };
}

function slotId(conversationId: string, watermark: number): string {
  return `${conversationId}#${watermark}`;
}

/**
 * More writers than this racing on one conversation is not a chat: a citizen and the bot write a
 * few activities a turn. Past it the append fails instead of probing on.
 */
const maxSlotsProbed = 1_000;

/**
 * Appends an activity and returns its watermark. `activityJson` receives the watermark, since an
 * activity's id (`<conversationId>|<watermark>`) depends on it.
 */
export async function appendDirectLineActivity(
  models: DirectLineModels,
  conversationId: string,
  watermarkHint: number,
  activityJson: (watermark: number) => string,
): Promise<number> {
  for (
    let watermark = watermarkHint + 1;
    watermark <= watermarkHint + maxSlotsProbed;
    watermark++
  ) {
    try {
      await models.directLineActivities.collection.insertOne({
        _id: slotId(conversationId, watermark),
        json: activityJson(watermark),
        storedAt: new Date(),
      } as never);
    } catch (error) {
      if (isDuplicateKeyError(error)) continue;
      throw error;
    }
    await raiseDirectLineWatermark(models.directLineConversations, conversationId, watermark);
    return watermark;
  }
  throw new Error(`no free transcript slot after ${maxSlotsProbed} tries`);
}

export interface TranscriptPage {
  /** Activities as stored (JSON text), in watermark order; erased ones left out. */
  activities: string[];
  /** The watermark of the last slot read: where the next read starts. */
  watermark: number;
}

export interface TranscriptPageLimits {
  maxActivities: number;
  /** Stop once this many characters of activities are in the page (at least one is returned). */
  maxCharacters: number;
}

/** Slots read at once after the first: lookups by `_id` in parallel, cut at the first gap. */
const batchSize = 8;

/**
 * The activities after `watermark`, bounded. The first slot is read alone, so that a poll that
 * finds nothing new costs one lookup; then slots are read in small parallel batches.
 */
export async function readDirectLineActivities(
  model: DirectLineActivityModel,
  conversationId: string,
  after: number,
  limits: TranscriptPageLimits,
): Promise<TranscriptPage> {
  const page: TranscriptPage = { activities: [], watermark: after };
  let characters = 0;
  let slotsRead = 0;
  let size = 1;
  for (;;) {
    const count = Math.min(size, limits.maxActivities - slotsRead);
    const slots = Array.from({ length: count }, (_, index) => page.watermark + 1 + index);
    const documents = await Promise.all(
      slots.map((watermark) => model.findOne({ _id: slotId(conversationId, watermark) }).lean()),
    );
    for (const document of documents) {
      if (!document) return page;
      page.watermark++;
      slotsRead++;
      if (document.json !== null) {
        page.activities.push(document.json);
        characters += document.json.length;
      }
      if (slotsRead >= limits.maxActivities || characters >= limits.maxCharacters) return page;
    }
    size = batchSize;
  }
}

/**
 * Ley 1581 erasure of a conversation's transcript: first no device can come back to it (its resume
 * is revoked: a browser that kept the conversation starts a new one), then every activity's
 * content is removed, slot by slot from the first (lookups by `_id`), up to the first slot never
 * written. Returns how many were erased. Unknown conversations (another channel's, or already
 * gone) erase nothing.
 */
export async function eraseDirectLineTranscript(
  models: DirectLineModels,
  conversationId: string,
): Promise<number> {
  await forgetDirectLineResume(models.directLineResumes, conversationId);
  const conversation = await findDirectLineConversation(
    models.directLineConversations,
    conversationId,
  );
  if (!conversation) return 0;
  let erased = 0;
  for (let watermark = 1; ; watermark++) {
    const result = await models.directLineActivities.updateOne(
      { _id: slotId(conversationId, watermark) },
      { $set: { json: null } },
    );
    if (result.matchedCount === 0) return erased;
    erased++;
  }
}
