import type { StaffRef } from '../kernel/staff-identity';
import type { QuestionDocument, QuestionStatus } from '../models/question';
import { draftReadability, type DraftReadability } from './draft-readability';
import type { DraftSuggester, DraftSuggestion } from './draft-suggester';
import {
  atVersion,
  changeAsModerator,
  expectVersion,
  loadQuestion,
  requireOpen,
  type ModerationContext,
} from './moderation-context';
import { invalidInput, notAllowed } from './moderation-refusals';
import type { SeenQuestion } from './question-grouping';

/** The answer of a group is written on its canonical question: every asker receives that one. */
export function requireCanonical(context: ModerationContext, question: QuestionDocument): void {
  if (question.groupId === null) return;
  const canonical = context.projection.entry(question.groupId.toHexString());
  throw notAllowed(
    canonical
      ? `Esta pregunta está agrupada con la ${canonical.trackingCode}: la respuesta se escribe y se aprueba en esa pregunta.`
      : 'Esta pregunta está agrupada con otra: la respuesta se escribe y se aprueba en la pregunta principal del grupo.',
  );
}

function workingStatus(status: QuestionStatus): QuestionStatus {
  return status === 'pending' ? 'in_review' : status;
}

function readabilityOf(text: string): DraftReadability {
  const readability = draftReadability(text);
  if (!readability) throw invalidInput(['El borrador debe tener al menos una palabra.']);
  return readability;
}

export interface SavedDraft {
  question: QuestionDocument;
  readability: DraftReadability;
}

/** A moderator saves the answer they wrote (or edited), with its readability. */
export async function saveDraft(
  context: ModerationContext,
  seen: SeenQuestion,
  staff: StaffRef,
  text: string,
): Promise<SavedDraft> {
  const readability = readabilityOf(text);
  const question = await changeAsModerator(
    context,
    seen.id,
    'draft-saved',
    staff,
    atVersion(seen.version, (current) => {
      requireOpen(current);
      requireCanonical(context, current);
      return {
        status: workingStatus(current.status),
        draft: {
          text,
          readability: readability.score,
          draftedBy: staff,
          draftedAt: context.now(),
          suggested: false,
        },
      };
    }),
  );
  return { question, readability };
}

export type SuggestedDraft =
  | { question: QuestionDocument; suggestion: DraftSuggestion; readability: DraftReadability }
  | { question: QuestionDocument; suggestion: null; reason: string };

/**
 * A draft written by the model from the knowledge base, saved marked as suggested: it cannot be
 * approved until a moderator edits and saves it as their own (`saveDraft`).
 */
export async function suggestDraft(
  context: ModerationContext,
  suggester: DraftSuggester | undefined,
  seen: SeenQuestion,
  staff: StaffRef,
): Promise<SuggestedDraft> {
  if (!suggester)
    throw notAllowed('La sugerencia de borradores con IA no está configurada en este servidor.');
  const current = await loadQuestion(context, seen.id);
  expectVersion(current, seen.version);
  requireOpen(current);
  requireCanonical(context, current);
  const outcome = await suggester.suggest(current.text);
  if (outcome.kind === 'none')
    return { question: current, suggestion: null, reason: outcome.reason };
  const { suggestion } = outcome;
  const readability = readabilityOf(suggestion.text);
  const question = await changeAsModerator(
    context,
    seen.id,
    'draft-suggested',
    staff,
    atVersion(seen.version, (latest) => {
      requireOpen(latest);
      return {
        status: workingStatus(latest.status),
        draft: {
          text: suggestion.text,
          readability: readability.score,
          draftedBy: staff,
          draftedAt: context.now(),
          suggested: true,
        },
      };
    }),
  );
  return { question, suggestion, readability };
}
