import { AppError, errorCodes } from '../kernel/errors';
import type { StaffRef } from '../kernel/staff-identity';
import { addBusinessDays } from '../legal-terms/business-days';
import {
  dateInWords,
  dueDate,
  extendDueDate,
  legalTermDays,
  type PetitionKind,
} from '../legal-terms/legal-terms';
import { anonymiseQuestion, type QuestionDocument } from '../models/question';
import {
  atVersion,
  changeAsModerator,
  expectVersion,
  isOpen,
  requireOpen,
  type ModerationContext,
} from './moderation-context';
import { notAllowed, questionClosed, questionNotFound } from './moderation-refusals';
import { queueNotice } from './outbox';
import { promoteHeir, type SeenQuestion } from './question-grouping';

/** Ley 1755 de 2015, art. 21: a petition for another authority is sent on within 5 business days. */
export const forwardingWindowBusinessDays = 5;

export interface Assignment {
  /** The responsible area; null clears it, undefined leaves it. */
  area?: string | null | undefined;
  assignee?: StaffRef | null | undefined;
}

function sameStaff(a: StaffRef | null, b: StaffRef | null): boolean {
  return a?.subject === b?.subject && a?.name === b?.name;
}

export function assign(
  context: ModerationContext,
  seen: SeenQuestion,
  staff: StaffRef,
  assignment: Assignment,
): Promise<QuestionDocument> {
  return changeAsModerator(
    context,
    seen.id,
    'assigned',
    staff,
    atVersion(seen.version, (current) => {
      requireOpen(current);
      const changes: { area?: string | null; assignee?: StaffRef | null } = {};
      if (assignment.area !== undefined && assignment.area !== current.area)
        changes.area = assignment.area;
      if (assignment.assignee !== undefined && !sameStaff(assignment.assignee, current.assignee))
        changes.assignee = assignment.assignee;
      return Object.keys(changes).length > 0 ? changes : undefined;
    }),
  );
}

/** A new petition type; the due date is counted again from receipt with its legal term. */
export function reclassify(
  context: ModerationContext,
  seen: SeenQuestion,
  staff: StaffRef,
  petitionKind: PetitionKind,
): Promise<QuestionDocument> {
  return changeAsModerator(
    context,
    seen.id,
    'reclassified',
    staff,
    atVersion(seen.version, (current) => {
      requireOpen(current);
      if (current.petitionKind === petitionKind) return undefined;
      if (current.extension) {
        throw notAllowed(
          'El plazo de esta pregunta ya se prorrogó: no se puede cambiar su tipo de petición.',
        );
      }
      return { petitionKind, dueAt: dueDate(current.receivedAt, petitionKind) };
    }),
  );
}

/**
 * Ley 1755 de 2015, art. 14, parágrafo: once, before the term expires, with the reasons, to a
 * date no later than double the initial term. The new date is computed here (the initial term
 * plus `businessDays`, the whole term again by default), never typed; `extendDueDate` in
 * legal-terms/ checks the law's limits. The citizen is told through the outbox.
 */
export async function extendTerm(
  context: ModerationContext,
  seen: SeenQuestion,
  staff: StaffRef,
  request: { reason: string; businessDays?: number | undefined },
): Promise<QuestionDocument> {
  const now = context.now();
  const extended = await changeAsModerator(
    context,
    seen.id,
    'term-extended',
    staff,
    atVersion(seen.version, (current) => {
      requireOpen(current);
      if (current.extension) {
        throw notAllowed(
          `El plazo ya se prorrogó ${dateInWords(current.extension.at)}: la ley permite una sola prórroga.`,
        );
      }
      const term = legalTermDays(current.petitionKind);
      const extra = request.businessDays ?? term;
      if (extra > term) {
        throw notAllowed(
          `La prórroga puede ser de hasta ${term} días hábiles (el doble del plazo inicial, que es de ${term}).`,
        );
      }
      const requested = addBusinessDays(current.receivedAt, term + extra);
      let dueAt: Date;
      try {
        ({ dueAt } = extendDueDate(
          current.receivedAt,
          current.petitionKind,
          requested,
          now,
          request.reason,
        ));
      } catch (error) {
        if (error instanceof AppError && error.code === errorCodes.deadlineExtensionInvalid) {
          throw notAllowed(
            `El plazo venció ${dateInWords(current.dueAt)}: la prórroga debe decidirse y avisarse antes de que venza.`,
          );
        }
        throw error;
      }
      return {
        dueAt,
        extension: { reason: request.reason, by: staff, at: now, previousDueAt: current.dueAt },
      };
    }),
  );
  await queueNotice(context, 'extension-notice', extended);
  return extended;
}

/**
 * Closes a question for good (forwarded, rejected, withdrawn): first the question itself, at the
 * version the moderator saw; then, if others were grouped under it, they get a canonical question
 * of their own and stay in the queue (calling `ungroup` on it repeats that step).
 */
async function closeAlone(
  context: ModerationContext,
  closing: () => Promise<QuestionDocument>,
  staff: StaffRef,
): Promise<QuestionDocument> {
  const closed = await closing();
  if (closed.groupId === null) await promoteHeir(context, closed, staff);
  return closed;
}

/**
 * Ley 1755 de 2015, art. 21: when the ANM is not competent it sends the petition to the
 * authority that is, within 5 business days of receipt, and tells the citizen.
 */
export async function forward(
  context: ModerationContext,
  seen: SeenQuestion,
  staff: StaffRef,
  request: { authority: string; reason: string },
): Promise<QuestionDocument> {
  const now = context.now();
  const forwarded = await closeAlone(
    context,
    () =>
      changeAsModerator(
        context,
        seen.id,
        'forwarded',
        staff,
        atVersion(seen.version, (current) => {
          requireOpen(current);
          const lastDay = addBusinessDays(current.receivedAt, forwardingWindowBusinessDays);
          if (now.getTime() > lastDay.getTime()) {
            throw notAllowed(
              `Ya pasaron los ${forwardingWindowBusinessDays} días hábiles para trasladarla (vencieron ${dateInWords(lastDay)}): la ANM debe responderla.`,
            );
          }
          return {
            status: 'forwarded',
            forwarding: {
              authority: request.authority,
              reason: request.reason,
              by: staff,
              at: now,
            },
          };
        }),
      ),
    staff,
  );
  await queueNotice(context, 'forwarding-notice', forwarded);
  return forwarded;
}

/** Closed as not a question the ANM must answer (a greeting, an opinion, spam), with the reason. */
export function reject(
  context: ModerationContext,
  seen: SeenQuestion,
  staff: StaffRef,
  reason: string,
): Promise<QuestionDocument> {
  const now = context.now();
  return closeAlone(
    context,
    () =>
      changeAsModerator(
        context,
        seen.id,
        'rejected',
        staff,
        atVersion(seen.version, (current) => {
          requireOpen(current);
          return { status: 'rejected', rejection: { reason, by: staff, at: now } };
        }),
      ),
    staff,
  );
}

/**
 * The citizen asked the ANM to withdraw their question (by phone, in writing): it is closed and
 * anonymised exactly as when they withdraw it themselves in the chat.
 */
export function withdraw(
  context: ModerationContext,
  seen: SeenQuestion,
  staff: StaffRef,
): Promise<QuestionDocument> {
  return closeAlone(
    context,
    async () => {
      const withdrawn = await anonymiseQuestion(
        context.models,
        seen.id,
        'withdrawn',
        { actor: 'moderator', staff },
        (current) => {
          expectVersion(current, seen.version);
          if (!isOpen(current)) throw questionClosed();
          return { status: 'withdrawn' };
        },
      );
      if (!withdrawn) throw questionNotFound();
      context.projection.apply(withdrawn);
      return withdrawn;
    },
    staff,
  );
}
