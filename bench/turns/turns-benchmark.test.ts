import { testFerretdbBinary } from '../../test/support/test-database';
import { profileTurns } from './turn-profile';
import { runTurnsBenchmark } from './turns-benchmark';

// Speed targets and figures live in bench/README.md (npm run bench:turns); this checks that the
// harness measures what it says, never how fast anything is.
describe('the turns benchmark, at a tiny scale', () => {
  it('when the echo bot and this bot are loaded with many conversations, then every request is answered 2xx and each answered conversation got its reply', async () => {
    const outcome = await runTurnsBenchmark({
      ferretdbBinary: testFerretdbBinary(),
      connections: 5,
      durationSeconds: 2,
      rounds: 1,
      sizes: [0],
      logLevel: 'warn',
    });
    const round = outcome.sizes[0]?.rounds[0];
    expect(round).toBeDefined();
    for (const side of [round?.echo, round?.bot]) {
      expect({ non2xx: side?.non2xx, errors: side?.errors, timeouts: side?.timeouts }).toEqual({
        non2xx: 0,
        errors: 0,
        timeouts: 0,
      });
      expect(side?.responses2xx).toBeGreaterThan(0);
      expect(side?.replies).toBeGreaterThanOrEqual(side?.responses2xx ?? Infinity);
    }
    expect(round?.bot.answered).toBe(true);
    expect(outcome.ok).toBe(true);
  }, 120_000);

  it('when citizens are seeded from a real footprint, then every round-trip of a turn is an insert or a lookup the store serves from an index, and an ordinary turn reads and writes its state once', async () => {
    const profile = await profileTurns({
      ferretdbBinary: testFerretdbBinary(),
      sizes: [0, 20],
      repetitions: 1,
    });
    expect(profile.turns.map((turn) => [turn.label, turn.storedCitizens])).toEqual([
      ['returning citizen: "¿Qué es el canon superficiario?"', 0],
      ['new citizen: first "hola"', 0],
      ['returning citizen: "¿Qué es el canon superficiario?"', 20],
      ['new citizen: first "hola"', 20],
    ]);
    for (const turn of profile.turns) {
      expect(turn.replies).toBeGreaterThan(0);
      expect(turn.commands.map((command) => command.collection)).toContain('bot_state');
    }
    const rows = [...profile.shapes.values()].flat();
    const lookups = rows.filter((row) => row.command !== 'insert');
    expect(lookups.length).toBeGreaterThan(0);
    for (const row of lookups) {
      expect([row.collection, row.command, row.shape, row.pushdown?.filterPushdown]).toEqual([
        row.collection,
        row.command,
        row.shape,
        true,
      ]);
      expect([row.collection, row.storePlan]).toEqual([
        row.collection,
        expect.stringMatching(/^SEARCH .* USING (COVERING )?INDEX /),
      ]);
    }
    // A returning citizen's question: the retry-filter key, one state read, one state write.
    const returning = profile.turns.filter((turn) => turn.label.startsWith('returning'));
    for (const turn of returning) {
      const kinds = turn.commands.map((command) => `${command.collection} ${command.command}`);
      expect(kinds.sort()).toEqual([
        'bot_state find',
        'bot_state update',
        'processed_activities insert',
      ]);
    }
  }, 120_000);
});
