import type { Types } from 'mongoose';

import { errorCodes, RequestRefusal } from '../kernel/errors';
import type { StaffRef } from '../kernel/staff-identity';
import type { DeliveryModel } from '../models/deliveries';
import {
  changeQuestion,
  closedStatuses,
  findQuestion,
  QuestionChangedError,
  type QuestionDocument,
  type QuestionModels,
  type QuestionUpdate,
} from '../models/question';
import type { SpaceModels } from '../models/space';
import { questionClosed, questionNotFound, staleVersion } from './moderation-refusals';
import type { QueueProjection } from './queue-projection';

export type ModerationModels = QuestionModels & SpaceModels & { deliveries: DeliveryModel };

/** What every moderation action works with. */
export interface ModerationContext {
  models: ModerationModels;
  /** The queue in memory: every write below is applied to it as soon as it lands. */
  projection: QueueProjection;
  /** The clock the legal terms are counted on (a test fixes it). */
  now: () => Date;
}

export async function loadQuestion(
  context: ModerationContext,
  questionId: Types.ObjectId,
): Promise<QuestionDocument> {
  const question = await findQuestion(context.models.questions, questionId);
  if (!question) throw questionNotFound();
  context.projection.apply(question);
  return question;
}

/** The client acts on the version it saw; any other version means someone changed it since. */
export function expectVersion(current: QuestionDocument, seen: number): void {
  if (current.version !== seen) throw staleVersion(seen, current.version);
}

export function isOpen(question: Pick<QuestionDocument, 'status'>): boolean {
  return !closedStatuses.includes(question.status);
}

export function requireOpen(question: QuestionDocument): void {
  if (!isOpen(question)) throw questionClosed();
}

/**
 * A moderator's change of one question through the versioned write of models/question.ts (who
 * acted is recorded in its event), applied to the queue in memory. `decide` may throw a refusal;
 * nothing is written then. Undefined from `decide` leaves the question as it is.
 */
export async function changeAsModerator(
  context: ModerationContext,
  questionId: Types.ObjectId,
  type: string,
  staff: StaffRef,
  decide: (current: QuestionDocument) => QuestionUpdate | undefined,
): Promise<QuestionDocument> {
  let changed: QuestionDocument | undefined;
  try {
    changed = await changeQuestion(
      context.models,
      questionId,
      type,
      { actor: 'moderator', staff },
      decide,
    );
  } catch (error) {
    if (error instanceof QuestionChangedError) {
      throw new RequestRefusal(
        errorCodes.changedMeanwhile,
        'La pregunta cambió mientras la actualizábamos. Vuelva a cargarla e intente de nuevo.',
      );
    }
    throw error;
  }
  if (!changed) throw questionNotFound();
  context.projection.apply(changed);
  return changed;
}

/** A decision that first checks the version the moderator saw, then decides. */
export function atVersion(
  seen: number,
  decide: (current: QuestionDocument) => QuestionUpdate | undefined,
): (current: QuestionDocument) => QuestionUpdate | undefined {
  return (current) => {
    expectVersion(current, seen);
    return decide(current);
  };
}
