import path from 'node:path';

import { labelledMessageFiles, noneLabel } from '../../knowledge/classifier/training-set';
import { projectRoot } from '../../kernel/project-root';
import { emergencyEntryId } from '../../knowledge/retrieval/emergency-entry';
import { percent, type AnswerFigures, type BlindItem } from './answer-benchmark';

/**
 * Writers' labelled messages asked as a citizen would ask them, and the counts that add up over
 * several writers (run-writer-folds.ts, run-unseen-writers.ts).
 */

/** A writer's message as a benchmark item; an emergency report must raise the alarm. */
export function itemOf(name: string, position: number, text: string, label: string): BlindItem {
  const id = `${name}#${position}`;
  if (label === noneLabel) return { id, q: text, kind: 'out-of-scope', topic: '', expect: 'none' };
  if (label === emergencyEntryId)
    return { id, q: text, kind: 'emergency', topic: '', expect: 'emergency' };
  return { id, q: text, kind: 'info', topic: '', expect: label };
}

export interface WriterTotals {
  direct: number;
  wrong: number;
  inScope: number;
  noneDeclined: number;
  none: number;
  alarms: number;
  emergencies: number;
  falseAlarms: number;
}

export function emptyTotals(): WriterTotals {
  return {
    direct: 0,
    wrong: 0,
    inScope: 0,
    noneDeclined: 0,
    none: 0,
    alarms: 0,
    emergencies: 0,
    falseAlarms: 0,
  };
}

export function addFigures(total: WriterTotals, figures: AnswerFigures): void {
  total.direct += figures.counts['direct-right'];
  total.wrong += figures.counts.wrong;
  total.inScope += figures.inScope;
  total.noneDeclined += figures.counts['none-declined'];
  total.none += figures.none;
  total.alarms += figures.counts['emergency-right'];
  total.emergencies += figures.emergencies;
  total.falseAlarms += figures.counts['false-alarm'];
}

/** One writer's figures on a line. */
export function describeFigures(figures: AnswerFigures): string {
  return `direct ${figures.counts['direct-right']}/${figures.inScope}, wrong ${figures.counts.wrong}, none declined ${figures.counts['none-declined']}/${figures.none}, emergencies ${figures.counts['emergency-right']}/${figures.emergencies}, false alarms ${figures.counts['false-alarm']}`;
}

/** The totals on a line, with the shares the floors are written in. */
export function describeTotals(total: WriterTotals): string {
  return `direct ${total.direct}/${total.inScope} (${percent(total.direct, total.inScope)} %), wrong ${total.wrong} (${percent(total.wrong, total.inScope)} %), none declined ${total.noneDeclined}/${total.none} (${percent(total.noneDeclined, total.none)} %), emergencies ${total.alarms}/${total.emergencies}, false alarms ${total.falseAlarms}`;
}

/** Writers' messages never trained on, kept as an evaluation set (run-unseen-writers.ts). */
export const unseenWritersFolder = path.join(projectRoot(), 'bench', 'answers', 'unseen-writers');

/** Each unseen writer's messages as benchmark items. */
export function unseenWriters(): { name: string; items: BlindItem[] }[] {
  return labelledMessageFiles(unseenWritersFolder).map(({ name, messages }) => ({
    name,
    items: messages.map(({ text, label }, position) => itemOf(name, position, text, label)),
  }));
}

export function loadUnseenWriters(): BlindItem[] {
  return unseenWriters().flatMap(({ items }) => items);
}
