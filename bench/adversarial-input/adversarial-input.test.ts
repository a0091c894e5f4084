import { runAdversarialInputs, type Measurement } from './harness';

/*
 * The adversarial-input benchmark's harness, run small: every reader of citizen text returns a
 * sane result on every adversarial text. Correctness only; the time bound is checked by
 * `npm run bench:adversarial` (see bench/README.md), never in a test.
 */
const size = 5000;
const measurements = runAdversarialInputs(size);

function resultsOf(reader: string): unknown[] {
  const own = measurements.filter((measurement: Measurement) => measurement.reader === reader);
  expect(own.length).toBeGreaterThan(0);
  return own.map((measurement) => measurement.result);
}

const commandKinds = ['my-questions', 'status', 'withdraw', 'erase-data', 'register', 'subscribe'];

describe('the adversarial-input harness, on 5,000-character texts', () => {
  it('when every adversarial text is read, then the incoming text is cut to 2,000 characters and marked cut', () => {
    for (const result of resultsOf('incoming text (cut)')) {
      const { text, cut } = result as { text: unknown; cut: unknown };
      expect(cut).toBe(true);
      expect(typeof text === 'string' && text.length <= 2000).toBe(true);
    }
  });

  it('when commands, reply words and small talk are read, then each answer is one they know or none', () => {
    for (const result of resultsOf('parseCommand')) {
      if (result !== undefined) expect(commandKinds).toContain((result as { kind: string }).kind);
    }
    for (const result of resultsOf('replyWord')) {
      expect([undefined, 'yes', 'no', 'accept', 'decline', 'skip', 'cancel']).toContain(result);
    }
    for (const result of resultsOf('smallTalkIntent')) {
      expect([undefined, 'greeting', 'thanks', 'help', 'human', 'goodbye']).toContain(result);
    }
  });

  it('when greetings are removed and place words read, then the results are bounded texts', () => {
    for (const result of resultsOf('withoutLeadingGreeting')) {
      expect(typeof result).toBe('string');
      expect((result as string).length).toBeLessThanOrEqual(2000);
    }
    for (const result of resultsOf('placeWords')) {
      if (result !== undefined) expect((result as string).length).toBeLessThanOrEqual(40);
    }
    for (const result of resultsOf('findPlaceMention')) {
      if (result !== undefined)
        expect(['municipio', 'departamento']).toContain((result as { kind: string }).kind);
    }
  });

  it('when questions are detected and tracking codes looked for, then the answers have their types', () => {
    for (const result of resultsOf('isQuestion')) expect(typeof result).toBe('boolean');
    for (const result of resultsOf('asksAboutHearings')) expect(typeof result).toBe('boolean');
    for (const result of resultsOf('findTrackingCodeText')) {
      if (result !== undefined) expect(result).toMatch(/^ANM-[0-9a-z]{4}-[0-9a-z]{4}$/i);
    }
    for (const result of resultsOf('parseTrackingCode (as cut)')) {
      expect(typeof (result as { ok: unknown }).ok).toBe('boolean');
    }
  });

  it('when texts are analysed and searched, then at most 400 stems of at most 40 characters are used', () => {
    for (const result of resultsOf('analyzer stems (question)')) {
      const stems = result as string[];
      expect(stems.length).toBeLessThanOrEqual(400);
      for (const stem of stems) expect(stem.length).toBeLessThanOrEqual(40);
    }
    for (const result of resultsOf('similar question stems')) {
      expect((result as Set<string>).size).toBeLessThanOrEqual(400);
    }
    for (const result of resultsOf('knowledge index search')) {
      const { candidates, questionStems } = result as {
        candidates: unknown[];
        questionStems: string[];
      };
      expect(candidates.length).toBeLessThanOrEqual(5);
      expect(questionStems.length).toBeLessThanOrEqual(400);
      for (const stem of questionStems) expect(stem.length).toBeLessThanOrEqual(40);
    }
  });

  it('when a typed message and a live comment take their whole path, then each ends with a decision', () => {
    for (const result of resultsOf('typed message, whole path')) {
      const path = result as { cut: boolean; length: number; decision: string };
      expect(path.cut).toBe(true);
      expect(path.length).toBeLessThanOrEqual(2000);
      expect(['answer', 'clarify', 'unknown']).toContain(path.decision);
    }
    for (const result of resultsOf('live comment, whole path')) {
      expect(typeof (result as { question: unknown }).question).toBe('boolean');
    }
    for (const result of resultsOf('scrubPersonalData (as cut)'))
      expect(typeof result).toBe('string');
  });
});
