import { isQuestion } from '../../live/question-detector';
import { testFerretdbBinary } from '../../test/support/test-database';
import { chatterText, questionText } from './comment-texts';
import { buildBurstPlan } from './burst-plan';
import { runLiveBurst } from './live-burst';
import { SeededRandom } from './seeded-random';

// Speed targets live in bench/README.md (npm run bench:live-burst); this checks correctness only.
describe('the live-session burst, at a small scale', () => {
  it('when the burst generator writes comments, then its questions are questions and its chatter is not, for the bot too', () => {
    const random = new SeededRandom(7);
    const mislabelled = [
      ...Array.from({ length: 2000 }, () => questionText(random)).filter(
        (text) => !isQuestion(text),
      ),
      ...Array.from({ length: 1000 }, () => chatterText(random)).filter((text) => isQuestion(text)),
    ];
    expect(mislabelled).toEqual([]);
  });

  it('when a plan is built, then it has retries of the same bytes, duplicated comments in other deliveries and retried Teams messages', () => {
    const plan = buildBurstPlan(
      {
        deliveries: 200,
        retryShare: 0.1,
        duplicateShare: 0.05,
        teamsMessages: 50,
        teamsRetryShare: 0.2,
        durationMs: 10_000,
        seed: 3,
      },
      'http://127.0.0.1:1/',
    );
    const facebook = plan.sends.flatMap((send) => (send.channel === 'facebook' ? [send] : []));
    const originals = new Set(facebook.filter((s) => s.kind === 'original').map((s) => s.body));
    expect(originals.size).toBe(200);
    expect(facebook.filter((s) => s.kind === 'retry').every((s) => originals.has(s.body))).toBe(
      true,
    );
    const duplicates = facebook.filter((s) => s.kind === 'duplicate');
    expect(duplicates.length).toBeGreaterThan(0);
    expect(duplicates.some((s) => originals.has(s.body))).toBe(false);
    expect(plan.sends.some((s) => s.channel === 'teams' && s.kind === 'retry')).toBe(true);
    expect(plan.sends.every((s) => s.atMs >= 0 && s.atMs < 10_000)).toBe(true);
  });

  it('when the bot process receives comments with retries and duplicates and meeting messages, then none is lost and none is duplicated', async () => {
    const outcome = await runLiveBurst({
      deliveries: 85,
      retryShare: 0.15,
      duplicateShare: 0.1,
      teamsMessages: 30,
      teamsRetryShare: 0.2,
      durationMs: 3_000,
      seed: 11,
      ferretdbBinary: testFerretdbBinary(),
      maxInFlight: 8,
      requestTimeoutMs: 15_000,
      drainTimeoutMs: 20_000,
    });
    const { facebook, teams, non200 } = outcome.verification;
    expect(outcome.drain.drained).toBe(true);
    expect({ lost: facebook.lost, duplicated: facebook.duplicated }).toEqual({
      lost: [],
      duplicated: [],
    });
    expect({ lost: teams.lost, duplicated: teams.duplicated }).toEqual({
      lost: [],
      duplicated: [],
    });
    expect([facebook.chatterCaptured, teams.chatterCaptured]).toEqual([[], []]);
    expect(facebook.replies).toEqual({ missing: [], repeated: [], toOthers: [], wrongCode: [] });
    expect(non200).toEqual({ facebook: 0, teams: 0 });
    expect(outcome.ok).toBe(true);
  }, 60_000);
});
