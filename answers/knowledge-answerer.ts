import type { StatePropertyAccessor, TurnContext } from 'botbuilder';

import {
  clarifyReply,
  composedReply,
  entryReply,
  noneOfTheseLabel,
  notKnownReply,
  outOfScopeReply,
} from '../cards/answer-replies';
import { emergencyReply } from '../cards/emergency-replies';
import { renderReply, type Reply } from '../cards/reply';
import type { KnowledgeEntry } from '../knowledge/entry';
import {
  defaultThresholds,
  type AnswerDecision,
  type DecisionThresholds,
} from '../knowledge/retrieval/answer-decision';
import {
  answerInConversation,
  type ConversationAnswer,
} from '../knowledge/retrieval/conversation-answer';
import type { ConversationTopic } from '../knowledge/retrieval/follow-up';
import type { KnowledgeIndex, SearchOutcome } from '../knowledge/retrieval/knowledge-index';
import { simplifyText } from '../kernel/text-folding';
import type { QuestionAnswerer, AnswerOutcome } from './question-answerer';
import { turnLogger } from '../kernel/turn-log';
import type { Logger } from '../kernel/logger';
import type { AnswerComposer } from './generative/answer-composer';
import { decisionReadsAsEmergency } from './emergency-reading';
import { looksLikeInjection } from './generative/injection-guard';

/** The options last offered with "¿Se refiere a…?", so that "2" or a title picks one. */
export interface OfferedChoices {
  question: string;
  receivedAt: string;
  entryIds: string[];
}

export interface KnowledgeAnswererDependencies {
  index: KnowledgeIndex;
  offered: StatePropertyAccessor<OfferedChoices | undefined>;
  /** The last entry answered, so that "¿y eso cuánto cuesta?" is read with its topic. */
  topic?: StatePropertyAccessor<ConversationTopic | undefined>;
  thresholds?: DecisionThresholds;
  /** The optional generative path; without it the entry's own answer is sent. */
  composer?: AnswerComposer;
  logger: Logger;
}

/** Entries the model may answer from: the one retrieval chose, and up to two close ones. */
const maxGroundingEntries = 3;

/** Answers from the knowledge base: directly, with suggestions, or honestly not at all. */
export class KnowledgeAnswerer implements QuestionAnswerer {
  constructor(private readonly dependencies: KnowledgeAnswererDependencies) {}

  async respond(context: TurnContext, question: string): Promise<AnswerOutcome> {
    const picked = await this.answerOfferedChoice(context, question);
    if (picked) return picked;
    const { outcome, decision } = await this.decide(context, question);
    return this.replyTo(context, question, outcome, decision);
  }

  /**
   * A reply to "¿Se refiere a…?": the entry picked ("2", a title), or "ninguna" (the question is
   * not answered). Undefined when nothing was offered or the reply picks nothing: a new question.
   */
  private async answerOfferedChoice(
    context: TurnContext,
    question: string,
  ): Promise<AnswerOutcome | undefined> {
    const { offered } = this.dependencies;
    const previous = await offered.get(context);
    await offered.delete(context);
    if (!previous) return undefined;
    const picked = this.pick(previous, question);
    if (picked === 'none')
      return { answered: false, question: previous.question, receivedAt: previous.receivedAt };
    if (!picked) return undefined;
    await this.dependencies.topic?.set(context, {
      question: previous.question,
      entryId: picked.id,
      answeredAt: new Date().toISOString(),
    });
    await this.send(context, entryReply(picked));
    return { answered: true };
  }

  /** Retrieval's decision, read with the conversation's topic (which it then updates). */
  private async decide(
    context: TurnContext,
    question: string,
  ): Promise<Pick<ConversationAnswer, 'outcome' | 'decision'>> {
    const { index, thresholds, topic: topicState } = this.dependencies;
    const previousTopic = await topicState?.get(context);
    const { outcome, decision, topic } = answerInConversation(
      index,
      question,
      previousTopic,
      thresholds,
    );
    if (topicState && topic) await topicState.set(context, topic);
    turnLogger(context, this.dependencies.logger).info(
      {
        decision: decision.kind,
        confidence: Number(decision.confidence.toFixed(3)),
        entry: decision.kind === 'answer' ? decision.entry.id : undefined,
      },
      'question answered from the knowledge base',
    );
    return { outcome, decision };
  }

  private async replyTo(
    context: TurnContext,
    question: string,
    outcome: SearchOutcome,
    decision: AnswerDecision,
  ): Promise<AnswerOutcome> {
    if (decisionReadsAsEmergency(this.dependencies.index, decision, question)) {
      await this.send(context, emergencyReply());
      return { answered: true };
    }
    switch (decision.kind) {
      case 'answer': {
        const grounding = this.groundingEntries(outcome, decision.entry);
        const composed = await this.compose(context, question, grounding);
        if (!composed && decision.alternatives.length > 0)
          await this.offer(context, question, decision.alternatives);
        await this.send(context, composed ?? entryReply(decision.entry, decision.alternatives));
        return { answered: true };
      }
      case 'clarify':
        await this.offer(context, question, decision.options);
        await this.send(context, clarifyReply(decision.options));
        return { answered: true };
      case 'unknown':
        if (!decision.inDomain) {
          await this.send(context, outOfScopeReply());
          return { answered: true };
        }
        await this.send(context, notKnownReply(decision.reason));
        return { answered: false, question };
    }
  }

  /** Remembers the entries offered, so that the next message can pick one. */
  private async offer(
    context: TurnContext,
    question: string,
    entries: KnowledgeEntry[],
  ): Promise<void> {
    await this.dependencies.offered.set(context, {
      question,
      receivedAt: new Date().toISOString(),
      entryIds: entries.map((entry) => entry.id),
    });
  }

  private groundingEntries(outcome: SearchOutcome, chosen: KnowledgeEntry): KnowledgeEntry[] {
    const { suggest } = this.dependencies.thresholds ?? defaultThresholds;
    const close = outcome.candidates
      .filter((candidate) => candidate.entry.id !== chosen.id && candidate.score >= suggest)
      .map((candidate) => candidate.entry);
    return [chosen, ...close].slice(0, maxGroundingEntries);
  }

  /**
   * The model's answer when it passes every check; undefined sends the retrieved answer instead.
   * Messages that try to instruct the model never reach it.
   */
  private async compose(
    context: TurnContext,
    question: string,
    entries: KnowledgeEntry[],
  ): Promise<Reply | undefined> {
    const { composer, logger } = this.dependencies;
    if (!composer) return undefined;
    const log = turnLogger(context, logger);
    if (looksLikeInjection(question)) {
      log.warn(
        { generation: 'skipped', reason: 'suspected-injection' },
        'generative answer skipped',
      );
      return undefined;
    }
    const startedAt = performance.now();
    const composition = await composer.compose(question, entries);
    const ms = Math.round(performance.now() - startedAt);
    if (composition.kind === 'fallback') {
      log.warn(
        { generation: 'fallback', reason: composition.reason, status: composition.status, ms },
        'generative answer not used; sending the retrieved answer',
      );
      return undefined;
    }
    log.info(
      { generation: 'composed', cited: composition.cited.map((entry) => entry.id), ms },
      'generative answer sent',
    );
    return composedReply(composition.paragraphs, composition.cited);
  }

  /** The entry a reply picks among the offered ones: "2", its title, or "ninguna". */
  private pick(offered: OfferedChoices, reply: string) {
    const simple = simplifyText(reply);
    if (
      simple === simplifyText(noneOfTheseLabel) ||
      simple === 'ninguna de estas' ||
      simple === 'ninguno'
    )
      return 'none' as const;
    const number = /^(\d)$/.exec(simple)?.[1];
    // By the number shown: an option retired since it was offered (a new knowledge base) is
    // none of the others.
    if (number) {
      const id = offered.entryIds[Number(number) - 1];
      return id === undefined ? undefined : this.dependencies.index.entry(id);
    }
    const entries = offered.entryIds.flatMap((id) => this.dependencies.index.entry(id) ?? []);
    return entries.find((entry) => simplifyText(entry.title) === simple);
  }

  private async send(context: TurnContext, reply: Reply): Promise<void> {
    await context.sendActivity(renderReply(reply, context.activity.channelId));
  }
}
