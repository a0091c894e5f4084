/**
 * Stops what a test started, last started first. Each thing registers how to stop it right after
 * it started, so when a `beforeAll` fails part way only what did start is stopped, and a failing
 * step does not keep the others from running:
 *
 *     const teardown = new Teardown();
 *     beforeAll(async () => {
 *       await channel.start();
 *       teardown.add(() => channel.stop());
 *       browser = await launchChromium();
 *       teardown.add(() => browser.close());
 *     });
 *     afterAll(() => teardown.run());
 */
export class Teardown {
  private readonly steps: (() => unknown)[] = [];

  /** Registers how to stop something that has just started. */
  add(step: () => unknown): void {
    this.steps.push(step);
  }

  /**
   * Runs every registered step, the last registered first, each one even when an earlier one
   * throws; then throws the error of the one that failed (an AggregateError when several did).
   * The steps are forgotten as they run, so running it again does nothing.
   */
  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) {
      throw new AggregateError(errors, `${errors.length} teardown steps failed`);
    }
  }
}
