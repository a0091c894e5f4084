import { Teardown } from './teardown';

describe('Teardown', () => {
  it('when nothing was registered, then running it does nothing', async () => {
    await expect(new Teardown().run()).resolves.toBeUndefined();
  });

  it('when several things were registered, then it stops them last started first, waiting for each', async () => {
    const teardown = new Teardown();
    const stopped: string[] = [];
    teardown.add(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      stopped.push('channel');
    });
    teardown.add(() => stopped.push('app'));
    teardown.add(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      stopped.push('browser');
    });
    await teardown.run();
    expect(stopped).toEqual(['browser', 'app', 'channel']);
  });

  it('when one step fails, then the others still run and its error is thrown', async () => {
    const teardown = new Teardown();
    const stopped: string[] = [];
    const failure = new Error('the app did not stop');
    teardown.add(() => stopped.push('channel'));
    teardown.add(() => Promise.reject(failure));
    teardown.add(() => stopped.push('browser'));
    await expect(teardown.run()).rejects.toBe(failure);
    expect(stopped).toEqual(['browser', 'channel']);
  });

  it('when a step throws without returning a promise, then the others still run', async () => {
    const teardown = new Teardown();
    const stopped: string[] = [];
    teardown.add(() => stopped.push('channel'));
    teardown.add(() => {
      throw new Error('not started');
    });
    await expect(teardown.run()).rejects.toThrow('not started');
    expect(stopped).toEqual(['channel']);
  });

  it('when several steps fail, then every error is thrown together, in the order they failed', async () => {
    const teardown = new Teardown();
    const first = new Error('the channel did not stop');
    const second = new Error('the browser did not close');
    teardown.add(() => Promise.reject(first));
    teardown.add(() => Promise.reject(second));
    const thrown: unknown = await teardown.run().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(AggregateError);
    expect((thrown as AggregateError).errors).toEqual([second, first]);
  });

  it('when it has run, then running it again stops nothing twice', async () => {
    const teardown = new Teardown();
    const stop = jest.fn();
    teardown.add(stop);
    await teardown.run();
    await teardown.run();
    expect(stop).toHaveBeenCalledTimes(1);
  });
});
