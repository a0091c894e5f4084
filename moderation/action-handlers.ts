import type { StaffRef } from '../kernel/staff-identity';
import type { QuestionDocument } from '../models/question';
import { approve } from './approval';
import type { DraftSuggester } from './draft-suggester';
import { saveDraft, suggestDraft } from './drafts';
import type { ModerationContext } from './moderation-context';
import { questionIdOf, type ActionBody, type ModerationAction } from './moderation-inputs';
import { assign, extendTerm, forward, reclassify, reject, withdraw } from './question-actions';
import { groupDuplicates, ungroupQuestion, type SeenQuestion } from './question-grouping';
import { groupView, moderatorQuestion } from './question-view';

/** One moderator's action on one question, its body already validated. */
export interface ActionRequest<A extends ModerationAction> {
  context: ModerationContext;
  /** The question as the moderator saw it: its id and the version in the body. */
  seen: SeenQuestion;
  staff: StaffRef;
  body: ActionBody<A>;
  suggester: DraftSuggester | undefined;
  now: Date;
}

type ActionHandlers = {
  [A in ModerationAction]: (request: ActionRequest<A>) => Promise<unknown>;
};

const view = (question: QuestionDocument, now: Date) => moderatorQuestion(question, now);

/**
 * What each action does and what the moderator gets back: the question as the queue shows it
 * (or the group), plus what the action adds (readability, a suggestion, the approval's outcome).
 */
export const actionHandlers = {
  assign: async ({ context, seen, staff, body, now }: ActionRequest<'assign'>) => ({
    question: view(
      await assign(context, seen, staff, { area: body.area, assignee: body.assignee }),
      now,
    ),
  }),
  reclassify: async ({ context, seen, staff, body, now }: ActionRequest<'reclassify'>) => ({
    question: view(await reclassify(context, seen, staff, body.petitionKind), now),
  }),
  extend: async ({ context, seen, staff, body, now }: ActionRequest<'extend'>) => ({
    question: view(
      await extendTerm(context, seen, staff, {
        reason: body.reason,
        businessDays: body.businessDays,
      }),
      now,
    ),
  }),
  group: async ({ context, seen, staff, body }: ActionRequest<'group'>) => {
    const duplicates = body.duplicates.map((duplicate) => ({
      id: questionIdOf(duplicate.id),
      version: duplicate.version,
    }));
    return { group: groupView(await groupDuplicates(context, seen, duplicates, staff)) };
  },
  ungroup: async ({ context, seen, staff }: ActionRequest<'ungroup'>) => {
    const group = await ungroupQuestion(context, seen, staff);
    return { group: group ? groupView(group) : null };
  },
  forward: async ({ context, seen, staff, body, now }: ActionRequest<'forward'>) => ({
    question: view(
      await forward(context, seen, staff, { authority: body.authority, reason: body.reason }),
      now,
    ),
  }),
  reject: async ({ context, seen, staff, body, now }: ActionRequest<'reject'>) => ({
    question: view(await reject(context, seen, staff, body.reason), now),
  }),
  withdraw: async ({ context, seen, staff, now }: ActionRequest<'withdraw'>) => ({
    question: view(await withdraw(context, seen, staff), now),
  }),
  answer: async ({ context, seen, staff, body, now }: ActionRequest<'answer'>) => {
    const saved = await saveDraft(context, seen, staff, body.text);
    return { question: view(saved.question, now), readability: saved.readability };
  },
  suggest: async ({ context, seen, staff, suggester, now }: ActionRequest<'suggest'>) => {
    const suggested = await suggestDraft(context, suggester, seen, staff);
    return suggested.suggestion
      ? {
          question: view(suggested.question, now),
          suggestion: suggested.suggestion,
          readability: suggested.readability,
        }
      : { question: view(suggested.question, now), suggestion: null, reason: suggested.reason };
  },
  approve: async ({ context, seen, staff, now }: ActionRequest<'approve'>) => {
    const approval = await approve(context, seen, staff);
    return {
      question: view(approval.question, now),
      askers: approval.askers,
      deliveriesQueued: approval.deliveriesQueued,
      alreadyPublished: approval.alreadyPublished,
    };
  },
} satisfies ActionHandlers;

export type ActionResult<A extends ModerationAction> = Awaited<
  ReturnType<(typeof actionHandlers)[A]>
>;

/** Runs one action: `actionHandlers` has exactly one handler per action, typed by its body. */
export function runAction<A extends ModerationAction>(
  action: A,
  request: ActionRequest<A>,
): Promise<ActionResult<A>> {
  const handle = actionHandlers[action] as (request: ActionRequest<A>) => Promise<ActionResult<A>>;
  return handle(request);
}
