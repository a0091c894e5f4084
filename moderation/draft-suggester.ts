import type { AnswerComposer } from '../answers/generative/answer-composer';
import { looksLikeInjection } from '../answers/generative/injection-guard';
import type { KnowledgeIndex } from '../knowledge/retrieval/knowledge-index';

/** A draft the model wrote from knowledge-base entries; a moderator still edits and saves it. */
export interface DraftSuggestion {
  text: string;
  /** The entries it cites: id and title. */
  sources: { id: string; title: string }[];
}

export type SuggestionOutcome =
  { kind: 'suggested'; suggestion: DraftSuggestion } | { kind: 'none'; reason: string };

export interface DraftSuggester {
  suggest(question: string): Promise<SuggestionOutcome>;
}

/** Entries the model may write from: those retrieval ranks first for the question. */
const groundingEntries = 3;

/**
 * Suggests a draft with the generative path the chat already uses (answers/generative/): the
 * same grounded prompt, the same checks (valid JSON, cites only the entries it was given, within
 * 120 words and INFLESZ ≥ 55, no invented link or number). The citizen's text is masked of
 * e-mails and long numbers before it leaves, and a text that tries to instruct the model never
 * reaches it.
 */
export class KnowledgeDraftSuggester implements DraftSuggester {
  constructor(
    private readonly index: KnowledgeIndex,
    private readonly composer: AnswerComposer,
  ) {}

  async suggest(question: string): Promise<SuggestionOutcome> {
    if (looksLikeInjection(question))
      return { kind: 'none', reason: 'El texto de la pregunta no se puede enviar al modelo.' };
    const entries = this.index
      .search(question, groundingEntries)
      .candidates.slice(0, groundingEntries)
      .map((candidate) => candidate.entry);
    if (entries.length === 0)
      return {
        kind: 'none',
        reason: 'La base de conocimiento no tiene fichas para esta pregunta.',
      };
    const composition = await this.composer.compose(question, entries);
    if (composition.kind === 'fallback') {
      return {
        kind: 'none',
        reason:
          'El modelo no dio una respuesta que cumpla las reglas (fuentes, longitud, lenguaje claro). Escriba el borrador.',
      };
    }
    return {
      kind: 'suggested',
      suggestion: {
        text: composition.paragraphs.join('\n\n'),
        sources: composition.cited.map((entry) => ({ id: entry.id, title: entry.title })),
      },
    };
  }
}
