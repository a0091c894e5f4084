import { loadKnowledgeBase } from '../../knowledge/knowledge-base';
import { KnowledgeIndex } from '../../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../../knowledge/retrieval/spanish-analyzer';
import {
  emergencyFigures,
  loadBlindSet,
  heldOutEmergencySets,
  rankingFigures,
  readHeldOutEmergencySet,
  runAnswerBenchmark,
  sampleCalendarPlaces,
  turnOutcome,
  verdictOf,
  type BlindItem,
} from './answer-benchmark';
import { loadUnseenWriters } from './writer-figures';

/**
 * The floors on the held-out half of the blind set (even ids), never tuned on. These are the
 * figures the engine honestly reaches today (bench/README.md: 82/108 direct, 6/108 wrong,
 * 43/53 "none" declined), not yet the targets (≥ 90 % direct, ≤ 2 % wrong, ≥ 90 % of
 * "none" declined). A floor only goes up and a ceiling only down, except by a trade recorded in
 * bench/README.md (2026-11-30: one direct answer for four more "none" messages declined; then
 * two more direct answers and one more "none" declined for one more wrong answer; 2026-12-01:
 * two more direct answers for one "none" message fewer declined).
 */
const heldOutFloors = { direct: 0.777, wrong: 0.047, noneDeclined: 0.81 } as const;

/** One index for the file: building it loads the knowledge base and the classifier's weights. */
const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));

describe('the blind answer benchmark, held-out half (bench/answers/blind-labelled.yaml)', () => {
  const { figures } = runAnswerBenchmark(
    index,
    loadBlindSet('held-out'),
    sampleCalendarPlaces(),
    loadBlindSet('all'),
  );

  it('when its in-scope questions are asked, then the right entry is answered directly often enough', () => {
    expect(figures.counts['direct-right'] / figures.inScope).toBeGreaterThanOrEqual(
      heldOutFloors.direct,
    );
  });

  it('when its in-scope questions are asked, then few are answered with a wrong entry', () => {
    expect(figures.counts.wrong / figures.inScope).toBeLessThanOrEqual(heldOutFloors.wrong);
  });

  it('when its out-of-scope, own-case and chatter messages are sent, then most are declined or offered registration', () => {
    expect(figures.counts['none-declined'] / figures.none).toBeGreaterThanOrEqual(
      heldOutFloors.noneDeclined,
    );
  });

  it('when an emergency is reported, then every one is recognised', () => {
    expect(figures.counts['emergency-right']).toBe(figures.emergencies);
  });
});

/**
 * The unseen writers' messages (bench/answers/unseen-writers/, 1,060 messages of seven writers,
 * never trained on): floors at the figures of 2026-12-01 (350/410 direct, 8 wrong, 528/573 "none"
 * declined). Its emergency reports were read once to repair the emergency check, so that figure
 * guards against regressions only.
 */
const unseenFloors = { direct: 0.853, wrong: 0.02, noneDeclined: 0.92 } as const;

describe("the unseen writers' messages (bench/answers/unseen-writers/)", () => {
  const items = loadUnseenWriters();
  const { figures } = runAnswerBenchmark(index, items, [], items);

  it('when their in-scope messages are asked, then the right entry is answered directly often enough', () => {
    expect(figures.counts['direct-right'] / figures.inScope).toBeGreaterThanOrEqual(
      unseenFloors.direct,
    );
  });

  it('when their in-scope messages are asked, then few are answered with a wrong entry', () => {
    expect(figures.counts.wrong / figures.inScope).toBeLessThanOrEqual(unseenFloors.wrong);
  });

  it('when their "none" messages are sent, then most are declined or offered registration', () => {
    expect(figures.counts['none-declined'] / figures.none).toBeGreaterThanOrEqual(
      unseenFloors.noneDeclined,
    );
  });

  it('when their emergencies are reported, then every one gets the emergency reply and nothing else does', () => {
    expect(figures.emergencies).toBeGreaterThan(0);
    expect(figures.counts['emergency-right']).toBe(figures.emergencies);
    expect(figures.counts['false-alarm']).toBe(0);
  });
});

/**
 * Emergency reports and look-alikes written blind and held out. The first set's even ids: before
 * the check was repaired on its odd ids and on the second and third sets (2026-12-01 and -02),
 * 29/40 caught and 7/40 false alarms; after, 37/40 and 4/40; with the report reader trained on
 * those sets (2026-12-02), 40/40 and 4/40. The fourth set, written after all of that and never
 * tuned on: 74/80 and 5/80 before the report reader, 79/80 and 5/80 with it.
 */
const emergencyFloors: Record<
  (typeof heldOutEmergencySets)[number],
  { caught: number; falseAlarms: number }
> = {
  'emergency-messages.yaml': { caught: 40 / 40, falseAlarms: 4 / 40 },
  'emergency-messages-4.yaml': { caught: 79 / 80, falseAlarms: 5 / 80 },
};

describe.each(heldOutEmergencySets)(
  'the blind emergency messages held out in bench/answers/%s',
  (set) => {
    const figures = emergencyFigures(index, readHeldOutEmergencySet(set));
    const floors = emergencyFloors[set];

    it('when emergencies are reported, then nearly all get the emergency reply', () => {
      expect(figures.caught / figures.emergencies).toBeGreaterThanOrEqual(floors.caught);
    });

    it('when other messages share their words, then few get the emergency reply', () => {
      expect(figures.falseAlarms / figures.others).toBeLessThanOrEqual(floors.falseAlarms);
    });
  },
);

describe('an emergency reply in the benchmark', () => {
  const item = (expect: string): BlindItem => ({
    id: 'b001',
    q: '',
    kind: 'info',
    topic: '',
    expect,
  });

  it('when a message labelled with the emergency entry gets the emergency reply, then it counts as answered right', () => {
    expect(verdictOf(item('emergencia-en-una-mina'), { kind: 'emergency' })).toBe('direct-right');
  });

  it('when a message labelled with another entry or "none" gets it, then it is a false alarm', () => {
    expect(verdictOf(item('que-es-salvamento-minero'), { kind: 'emergency' })).toBe('false-alarm');
    expect(verdictOf(item('none'), { kind: 'emergency' })).toBe('false-alarm');
  });
});

describe('a follow-up after a hearing-calendar answer in the benchmark', () => {
  it("when the calendar answers, then the conversation's topic is the calendar, as in the bot", () => {
    const { outcome, topic } = turnOutcome(index, '¿cuándo es la audiencia en Pitalito?', {
      places: sampleCalendarPlaces(),
    });
    expect(outcome).toEqual({ kind: 'answer', entryId: 'calendario-audiencias' });
    expect(topic?.entryId).toBe('calendario-audiencias');
  });
});

describe('a command in the blind benchmark', () => {
  const item = (q: string, expect: string): BlindItem => ({
    id: 'b001',
    q,
    kind: 'info',
    topic: 'datos',
    expect,
  });
  const verdict = (q: string, expect: string) =>
    verdictOf(item(q, expect), turnOutcome(index, q).outcome);

  it('when a message labelled with the entry on erasing data starts the erasure, then it counts as answered right', () => {
    expect(turnOutcome(index, 'borren mis datos').outcome).toEqual({
      kind: 'command',
      command: 'erase-data',
    });
    expect(verdict('borren mis datos', 'borrar-mis-datos-bot')).toBe('direct-right');
  });

  it('when a command answers a message labelled with another entry, then it counts as declined', () => {
    expect(verdict('borren mis datos', 'que-hace-bot-con-mis-datos')).toBe('declined');
    expect(verdict('quiero registrar una pregunta', 'como-radicar-pqrsd')).toBe('declined');
  });

  it('when a command answers a message labelled "none", then it counts as declined', () => {
    expect(verdict('quiero registrar una pregunta', 'none')).toBe('none-declined');
  });
});

describe('the ranking figure of the benchmark', () => {
  const item = (id: string, q: string, expect: string, after?: string): BlindItem => ({
    id,
    q,
    kind: 'info',
    topic: '',
    expect,
    ...(after && { after }),
  });

  it('when in-scope messages are ranked, then those with a right entry first count, and "none" messages and follow-ups do not', () => {
    const figures = rankingFigures(index, [
      item('b001', '¿Qué es el canon superficiario?', 'que-es-canon-superficiario'),
      item('b002', '¿Qué es el canon superficiario?', 'menores-trabajo-minas'),
      item('b003', '¿cuál es el mejor equipo de fútbol?', 'none'),
      item('b004', '¿y eso cuánto cuesta?', 'que-es-canon-superficiario', 'b001'),
    ]);
    expect(figures).toEqual({ inScope: 2, first: 1, topThree: 1 });
  });
});
