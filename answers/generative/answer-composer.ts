import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

import type { KnowledgeEntry } from '../../knowledge/entry';
import { checkCompletion, type RejectionReason } from './completion-check';
import { groundedPrompt } from './grounded-prompt';

/** The optional generative path: any OpenAI-compatible chat completions endpoint. */
export interface GenerativeConfig {
  apiKey: string;
  baseUrl: string;
  model: string;
  timeoutMs: number;
}

export type FallbackReason = RejectionReason | 'timeout' | 'http-error' | 'unavailable';

export type Composition =
  | { kind: 'composed'; paragraphs: string[]; cited: KnowledgeEntry[] }
  | { kind: 'fallback'; reason: FallbackReason; status?: number };

/** Writes an answer from knowledge-base entries, or says why it could not. Never throws. */
export interface AnswerComposer {
  compose(question: string, entries: KnowledgeEntry[]): Promise<Composition>;
}

function fallbackFor(error: unknown): Composition {
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError)
    return { kind: 'fallback', reason: 'timeout' };
  if (error instanceof APIError && typeof error.status === 'number')
    return { kind: 'fallback', reason: 'http-error', status: error.status };
  if (error instanceof SyntaxError) return { kind: 'fallback', reason: 'malformed' };
  return { kind: 'fallback', reason: 'unavailable' };
}

/** Any OpenAI-compatible chat completions endpoint, called once per answer, bounded in time. */
export class OpenAiAnswerComposer implements AnswerComposer {
  private readonly client: OpenAI;

  constructor(private readonly config: GenerativeConfig) {
    // Explicit options, so that the SDK does not pick up OPENAI_* variables the configuration
    // module has not validated; its own logging is off (it could print request bodies).
    this.client = new OpenAI({
      apiKey: config.apiKey,
      baseURL: config.baseUrl,
      organization: null,
      project: null,
      webhookSecret: null,
      logLevel: 'off',
      timeout: config.timeoutMs,
      // A retry would double the wait; the retrieved answer is always there to fall back on.
      maxRetries: 0,
    });
  }

  async compose(question: string, entries: KnowledgeEntry[]): Promise<Composition> {
    try {
      const completion = await this.client.chat.completions.create(
        { model: this.config.model, messages: groundedPrompt(question, entries) },
        { signal: AbortSignal.timeout(this.config.timeoutMs) },
      );
      const content = (completion.choices as unknown[] | undefined)?.length
        ? completion.choices[0]?.message.content
        : undefined;
      if (typeof content !== 'string') return { kind: 'fallback', reason: 'malformed' };
      const checked = checkCompletion(content, entries);
      return checked.ok
        ? { kind: 'composed', paragraphs: checked.paragraphs, cited: checked.cited }
        : { kind: 'fallback', reason: checked.reason };
    } catch (error) {
      return fallbackFor(error);
    }
  }
}
