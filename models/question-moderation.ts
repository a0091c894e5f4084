import { Schema } from 'mongoose';

import type { StaffRef } from '../kernel/staff-identity';

/** What moderation adds to a stored question (models/question.ts), and its schema fields. */

/** An answer a moderator is preparing; `readability` is its INFLESZ score. */
export interface QuestionDraft {
  text: string;
  readability: number;
  draftedBy: StaffRef;
  draftedAt: Date;
  /** Written by the model (answers/generative): a person must save it before it is approved. */
  suggested: boolean;
}

/** The second moderator's approval, which publishes the draft. */
export interface QuestionApproval {
  approvedBy: StaffRef;
  approvedAt: Date;
}

/** Ley 1755 de 2015, art. 14, parágrafo: the term extended once, with its reason. */
export interface QuestionExtension {
  reason: string;
  by: StaffRef;
  at: Date;
  previousDueAt: Date;
}

/** Ley 1755 de 2015, art. 21: the ANM is not competent and sent the petition on. */
export interface QuestionForwarding {
  authority: string;
  reason: string;
  by: StaffRef;
  at: Date;
}

/** Closed as not a question the ANM must answer. */
export interface QuestionRejection {
  reason: string;
  by: StaffRef;
  at: Date;
}

/** What moderation adds to a question; null until a moderator acts (and on earlier documents). */
export interface QuestionModeration {
  /** The ANM area responsible for the answer. */
  area: string | null;
  assignee: StaffRef | null;
  draft: QuestionDraft | null;
  approval: QuestionApproval | null;
  publishedAt: Date | null;
  extension: QuestionExtension | null;
  forwarding: QuestionForwarding | null;
  rejection: QuestionRejection | null;
}

export const noModeration: QuestionModeration = {
  area: null,
  assignee: null,
  draft: null,
  approval: null,
  publishedAt: null,
  extension: null,
  forwarding: null,
  rejection: null,
};

const staffRefSchema = new Schema<StaffRef>(
  { subject: { type: String, required: true }, name: { type: String, default: '' } },
  { _id: false },
);

function nullable<T>(definition: Record<string, unknown>) {
  return { type: new Schema<T>(definition, { _id: false }), default: null };
}

/** The moderation fields of the question schema; each is null until a moderator acts. */
export const questionModerationFields = {
  area: { type: String, default: null },
  assignee: { type: staffRefSchema, default: null },
  draft: nullable<QuestionDraft>({
    text: String,
    readability: Number,
    draftedBy: staffRefSchema,
    draftedAt: Date,
    suggested: Boolean,
  }),
  approval: nullable<QuestionApproval>({ approvedBy: staffRefSchema, approvedAt: Date }),
  publishedAt: { type: Date, default: null },
  extension: nullable<QuestionExtension>({
    reason: String,
    by: staffRefSchema,
    at: Date,
    previousDueAt: Date,
  }),
  forwarding: nullable<QuestionForwarding>({
    authority: String,
    reason: String,
    by: staffRefSchema,
    at: Date,
  }),
  rejection: nullable<QuestionRejection>({ reason: String, by: staffRefSchema, at: Date }),
} as const;

/**
 * A stored question with every moderation field present: documents written before moderation
 * existed lack them, and a lean read applies no schema default.
 */
export function withModerationDefaults<T extends QuestionModeration>(stored: T): T {
  const filled = { ...stored };
  for (const field of Object.keys(noModeration) as (keyof QuestionModeration)[]) {
    const record = filled as Record<string, unknown>;
    if (record[field] === undefined) record[field] = null;
  }
  return filled;
}
