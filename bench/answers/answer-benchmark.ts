import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import { decisionReadsAsEmergency } from '../../answers/emergency-reading';
import { calendarAnswerTopic, hearingLookupAnswers } from '../../answers/hearing-lookup';
import type { Command } from '../../dialogs/understanding/commands';
import type { KnownPlace } from '../../dialogs/understanding/place-mention';
import { messageIntent } from '../../dialogs/understanding/message-intent';
import { projectRoot } from '../../kernel/project-root';
import {
  loadEmergencyMessages as loadTrainingEmergencyMessages,
  type EmergencyMessage,
} from '../../knowledge/classifier/training-set';
import type { DecisionThresholds } from '../../knowledge/retrieval/answer-decision';
import { answerInConversation } from '../../knowledge/retrieval/conversation-answer';
import { emergencyEntryId } from '../../knowledge/retrieval/emergency-entry';
import type { ConversationTopic } from '../../knowledge/retrieval/follow-up';
import type { KnowledgeIndex } from '../../knowledge/retrieval/knowledge-index';
import { checkHearingFile } from '../../models/hearing-import';

/**
 * The outcome of a turn, as the citizen sees it, on the blind evaluation set
 * (bench/answers/blind-labelled.yaml): questions written by someone who never saw the knowledge
 * base, labelled afterwards. Odd ids are for tuning; even ids are held out and never tuned on.
 */

const itemSchema = z.object({
  id: z.string().regex(/^b\d{3}$/),
  q: z.string().min(1),
  kind: z.enum(['info', 'own-case', 'out-of-scope', 'emergency', 'chatter', 'followup']),
  topic: z.string(),
  expect: z.string().min(1),
  also: z.array(z.string()).optional(),
  after: z.string().optional(),
  note: z.string().optional(),
});

export type BlindItem = z.infer<typeof itemSchema>;
export type BlindHalf = 'tune' | 'held-out' | 'all';

export function loadBlindSet(
  half: BlindHalf,
  file = path.join(projectRoot(), 'bench', 'answers', 'blind-labelled.yaml'),
): BlindItem[] {
  const items = z.array(itemSchema).parse(parseYaml(readFileSync(file, 'utf8')));
  if (half === 'all') return items;
  return items.filter((item) => (Number(item.id.slice(1)) % 2 === 1) === (half === 'tune'));
}

/** What the citizen got for one message. */
export type TurnOutcome =
  | { kind: 'emergency' | 'small-talk' | 'declined' }
  | { kind: 'command'; command: Command['kind'] }
  | { kind: 'answer'; entryId: string }
  | { kind: 'clarify'; entryIds: string[] };

/** The hearing calendar the bot is tested with: the agency's published calendar of 2021. */
export function sampleCalendarPlaces(
  file = path.join(
    projectRoot(),
    '..',
    'shared',
    'data',
    'audiencias-participacion-terceros-2021.csv',
  ),
): KnownPlace[] {
  return checkHearingFile(readFileSync(file, 'utf8')).rows.map((row) => ({
    departamento: row.departamento,
    municipio: row.municipio,
  }));
}

/** What the bot keeps between two messages of a conversation. */
export interface TurnContext {
  topic?: ConversationTopic;
  places: KnownPlace[];
  /** The decision thresholds to try (the bot's own when absent). */
  thresholds?: DecisionThresholds;
}

/** The entry that stands for a hearing-calendar answer in the labels. */
const calendarEntryId = 'calendario-audiencias';

/**
 * The entry that explains each command: "borren mis datos" labelled with the entry on erasing
 * one's data gets the erasure itself (after a confirmation), which is what the citizen asked for.
 */
const entryOfCommand: Partial<Record<Command['kind'], string>> = {
  'erase-data': 'borrar-mis-datos-bot',
  register: 'registrar-pregunta-bot',
  withdraw: 'retirar-pregunta-bot',
  status: 'seguir-pregunta-codigo',
  'my-questions': 'seguir-pregunta-codigo',
};

/**
 * One message, routed as the bot routes it (bot/anm-bot.ts): intent, then the hearing
 * calendar, then the knowledge base in the conversation's context.
 */
export function turnOutcome(
  index: KnowledgeIndex,
  text: string,
  context: TurnContext = { places: [] },
): { outcome: TurnOutcome; topic: ConversationTopic | undefined } {
  const intent = messageIntent(text);
  switch (intent.kind) {
    case 'emergency':
    case 'small-talk':
      return { outcome: { kind: intent.kind }, topic: context.topic };
    case 'command':
      return { outcome: { kind: 'command', command: intent.command.kind }, topic: context.topic };
    case 'empty':
      return { outcome: { kind: 'declined' }, topic: context.topic };
    case 'question': {
      // As in the bot, a calendar answer becomes the topic a follow-up refers to.
      if (hearingLookupAnswers(intent.question, context.places))
        return {
          outcome: { kind: 'answer', entryId: calendarEntryId },
          topic: calendarAnswerTopic(new Date()),
        };
      const { decision, topic } = answerInConversation(
        index,
        intent.question,
        context.topic,
        context.thresholds,
      );
      if (decisionReadsAsEmergency(index, decision, intent.question))
        return { outcome: { kind: 'emergency' }, topic };
      if (decision.kind === 'answer')
        return { outcome: { kind: 'answer', entryId: decision.entry.id }, topic };
      if (decision.kind === 'clarify')
        return {
          outcome: { kind: 'clarify', entryIds: decision.options.map((entry) => entry.id) },
          topic,
        };
      return { outcome: { kind: 'declined' }, topic };
    }
  }
}

export type Verdict =
  | 'direct-right'
  | 'clarify-right-first'
  | 'clarify-right-listed'
  | 'declined'
  | 'wrong'
  | 'emergency-right'
  | 'emergency-missed'
  | 'false-alarm'
  | 'none-declined'
  | 'none-answered';

const specialLabels = new Set(['none', 'chatter', 'emergency']);

export function verdictOf(item: BlindItem, outcome: TurnOutcome): Verdict {
  if (item.expect === 'emergency')
    return outcome.kind === 'emergency' ? 'emergency-right' : 'emergency-missed';
  // The emergency reply says all the emergency entry says (the line 123, salvamento minero).
  if (outcome.kind === 'emergency')
    return item.expect === emergencyEntryId ? 'direct-right' : 'false-alarm';
  if (item.expect === 'none' || item.expect === 'chatter')
    return outcome.kind === 'answer' || outcome.kind === 'clarify'
      ? 'none-answered'
      : 'none-declined';
  const right = new Set([item.expect, ...(item.also ?? [])]);
  if (outcome.kind === 'command')
    return right.has(entryOfCommand[outcome.command] ?? '') ? 'direct-right' : 'declined';
  if (outcome.kind === 'answer') return right.has(outcome.entryId) ? 'direct-right' : 'wrong';
  if (outcome.kind === 'clarify') {
    if (right.has(outcome.entryIds[0] ?? '')) return 'clarify-right-first';
    return outcome.entryIds.some((id) => right.has(id)) ? 'clarify-right-listed' : 'declined';
  }
  return 'declined';
}

export interface ItemResult {
  item: BlindItem;
  outcome: TurnOutcome;
  verdict: Verdict;
}

export interface AnswerFigures {
  inScope: number;
  none: number;
  emergencies: number;
  counts: Record<Verdict, number>;
}

/**
 * Each item as a new conversation; a follow-up ("after": the id of the message before it) is
 * asked after that message, in the same conversation. The earlier message only sets the
 * context: it is not counted again, and its text is not printed.
 */
export function runAnswerBenchmark(
  index: KnowledgeIndex,
  items: BlindItem[],
  places: KnownPlace[] = [],
  allItems: BlindItem[] = items,
  thresholds?: DecisionThresholds,
): { figures: AnswerFigures; results: ItemResult[] } {
  const byId = new Map(allItems.map((item) => [item.id, item]));
  const context = { places, ...(thresholds && { thresholds }) };
  const results = items.map((item) => {
    const earlier = item.after === undefined ? undefined : byId.get(item.after);
    const topic = earlier && turnOutcome(index, earlier.q, context).topic;
    const { outcome } = turnOutcome(index, item.q, { ...context, ...(topic && { topic }) });
    return { item, outcome, verdict: verdictOf(item, outcome) };
  });
  const counts = Object.fromEntries(
    (
      [
        'direct-right',
        'clarify-right-first',
        'clarify-right-listed',
        'declined',
        'wrong',
        'emergency-right',
        'emergency-missed',
        'false-alarm',
        'none-declined',
        'none-answered',
      ] as const
    ).map((verdict) => [verdict, results.filter((result) => result.verdict === verdict).length]),
  ) as Record<Verdict, number>;
  return {
    results,
    figures: {
      inScope: items.filter((item) => !specialLabels.has(item.expect)).length,
      none: items.filter((item) => item.expect === 'none' || item.expect === 'chatter').length,
      emergencies: items.filter((item) => item.expect === 'emergency').length,
      counts,
    },
  };
}

/** A count as a percentage of a total, one decimal ("-" of nothing). */
export function percent(count: number, of: number): string {
  return of === 0 ? '-' : ((100 * count) / of).toFixed(1);
}

export function describeAnswerFigures(figures: AnswerFigures): string[] {
  const share = (count: number, total: number) => `${count}/${total} (${percent(count, total)} %)`;
  const { counts, inScope, none, emergencies } = figures;
  return [
    `in scope: ${inScope}, none/chatter: ${none}, emergencies: ${emergencies}`,
    `answered directly with the right entry: ${share(counts['direct-right'], inScope)}`,
    `"¿Se refiere a…?" with the right entry first: ${share(counts['clarify-right-first'], inScope)}`,
    `"¿Se refiere a…?" with the right entry lower: ${share(counts['clarify-right-listed'], inScope)}`,
    `declined or offered registration: ${share(counts.declined, inScope)}`,
    `answered with a wrong entry: ${share(counts.wrong, inScope)}`,
    `none/chatter declined or offered registration: ${share(counts['none-declined'], none)}`,
    `emergencies recognised: ${share(counts['emergency-right'], emergencies)}`,
    `false emergency alarms: ${counts['false-alarm']}`,
  ];
}

/**
 * How often the search ranks a right entry first, whatever the bot then does with it: the
 * ceiling of "answered directly" for any decision rule on the same ranking. In-scope messages
 * asked alone (not the follow-ups, which need their earlier message).
 */
export function rankingFigures(
  index: KnowledgeIndex,
  items: BlindItem[],
): { inScope: number; first: number; topThree: number } {
  const figures = { inScope: 0, first: 0, topThree: 0 };
  for (const item of items) {
    if (specialLabels.has(item.expect) || item.expect === emergencyEntryId || item.after) continue;
    const right = new Set([item.expect, ...(item.also ?? [])]);
    const ranked = index.search(item.q).candidates.map((candidate) => candidate.entry.id);
    figures.inScope += 1;
    if (right.has(ranked[0] ?? '')) figures.first += 1;
    if (ranked.slice(0, 3).some((id) => right.has(id))) figures.topThree += 1;
  }
  return figures;
}

export function describeRankingFigures(figures: ReturnType<typeof rankingFigures>): string {
  const { first, topThree, inScope } = figures;
  return `right entry ranked first (any outcome): ${first}/${inScope} (${percent(first, inScope)} %), in the first three: ${topThree}/${inScope} (${percent(topThree, inScope)} %)`;
}

const emergencyMessageSchema = z.object({
  id: z.string().regex(/^[eh]\d+$/),
  q: z.string().min(1),
  emergency: z.boolean(),
});

/**
 * Emergency reports and look-alikes written blind and held out: the even ids of the first set
 * (its odd ids, the second and third sets tune the check and train the report reader:
 * knowledge/training/emergency/) and the fourth set, which tunes nothing.
 */
export const heldOutEmergencySets = [
  'emergency-messages.yaml',
  'emergency-messages-4.yaml',
] as const;

export function readHeldOutEmergencySet(name: string): EmergencyMessage[] {
  const file = path.join(projectRoot(), 'bench', 'answers', name);
  return z.array(emergencyMessageSchema).parse(parseYaml(readFileSync(file, 'utf8')));
}

/** The emergency messages of one half: the training folder's (tune) or the held-out sets'. */
export function loadEmergencyMessages(half: BlindHalf): EmergencyMessage[] {
  const tune = loadTrainingEmergencyMessages();
  const heldOut = heldOutEmergencySets.flatMap(readHeldOutEmergencySet);
  if (half === 'tune') return tune;
  return half === 'held-out' ? heldOut : [...tune, ...heldOut];
}

/** Emergencies that got the emergency reply, and other messages that got it too. */
export function emergencyFigures(
  index: KnowledgeIndex,
  items: EmergencyMessage[],
): { caught: number; emergencies: number; falseAlarms: number; others: number } {
  const figures = { caught: 0, emergencies: 0, falseAlarms: 0, others: 0 };
  for (const item of items) {
    const alarm = turnOutcome(index, item.q).outcome.kind === 'emergency';
    if (item.emergency) {
      figures.emergencies += 1;
      if (alarm) figures.caught += 1;
    } else {
      figures.others += 1;
      if (alarm) figures.falseAlarms += 1;
    }
  }
  return figures;
}
