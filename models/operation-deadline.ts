import { AppError, errorCodes } from '../kernel/errors';

/**
 * The driver methods mongoose calls on a model's collection to read and write, with the position
 * of their options argument. Index builds are left out: they run at start and may take long.
 */
const optionsArgumentOf = {
  find: 1,
  findOne: 1,
  countDocuments: 1,
  estimatedDocumentCount: 0,
  distinct: 2,
  aggregate: 1,
  insertOne: 1,
  insertMany: 1,
  bulkWrite: 1,
  updateOne: 2,
  updateMany: 2,
  replaceOne: 2,
  deleteOne: 1,
  deleteMany: 1,
  findOneAndUpdate: 2,
  findOneAndReplace: 2,
  findOneAndDelete: 1,
} as const;

/** These return a cursor, which mongoose reads whole with `toArray()`. */
const cursorMethods: ReadonlySet<string> = new Set(['find', 'aggregate']);

const bounded = Symbol('operationDeadline');

type Method = (...args: unknown[]) => unknown;

/**
 * Gives every read and write of these models a deadline: past `timeoutMs` the operation fails
 * with "database unavailable" (so a turn waiting on it goes to the journal) instead of waiting.
 *
 * Why: the MongoDB driver (7.x) can wait for ever. When the server dies, a pooled connection's
 * socket is destroyed as soon as its end of file is read, but the driver learns it only from the
 * socket's 'close' event, a moment later. An operation checked out in between writes to the
 * destroyed socket, which emits neither 'drain' nor 'error'; the driver awaits 'drain' with no
 * timer (`socketTimeoutMS` only watches reads, and `timeoutMS` is ignored in 7.x). The deadline is
 * an abort signal, which the driver honours at that wait too: it closes the connection and frees
 * its pool slot. The operation's promise is also raced against the deadline, for any path that
 * would not honour the signal.
 */
export function applyOperationDeadline(
  models: Record<string, { collection: object }>,
  timeoutMs: number,
): void {
  for (const model of Object.values(models)) {
    boundCollection(model.collection as Record<PropertyKey, unknown>, timeoutMs);
  }
}

function boundCollection(collection: Record<PropertyKey, unknown>, timeoutMs: number): void {
  // Two models may share a collection object; one deadline is enough.
  if (collection[bounded]) return;
  collection[bounded] = true;
  for (const [name, optionsIndex] of Object.entries(optionsArgumentOf)) {
    const original = collection[name];
    if (typeof original !== 'function') {
      throw new Error(`the mongoose collection has no method ${name}: check the driver upgrade`);
    }
    collection[name] = function withDeadline(this: unknown, ...args: unknown[]): unknown {
      const deadline = new OperationDeadline(name, timeoutMs);
      args[optionsIndex] = deadline.addSignal(args[optionsIndex]);
      let result: unknown;
      try {
        result = (original as Method).apply(this, args);
      } catch (error) {
        deadline.clear();
        throw error;
      }
      if (cursorMethods.has(name)) return deadline.watchCursor(result);
      return deadline.watch(result);
    };
  }
}

class OperationDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly expired: Promise<never>;

  constructor(method: string, timeoutMs: number) {
    let reject: (reason: unknown) => void = () => undefined;
    this.expired = new Promise<never>((_resolve, rejectExpired) => {
      reject = rejectExpired;
    });
    // Only ever observed through `Promise.race`; never left unhandled.
    this.expired.catch(() => undefined);
    // The error is built only when the deadline passes: an error captures a stack, and every
    // operation of every turn gets a deadline.
    this.timer = setTimeout(() => {
      const error = new AppError(
        errorCodes.databaseUnavailable,
        `the database did not complete ${method} within ${timeoutMs} ms`,
      );
      this.controller.abort(error);
      reject(error);
    }, timeoutMs);
    // A deadline never keeps the process alive on its own.
    this.timer.unref();
  }

  /** The caller's options with the deadline's signal (alongside the caller's own, if any). */
  addSignal(options: unknown): Record<string, unknown> {
    const given = (options ?? {}) as Record<string, unknown>;
    const own = given.signal instanceof AbortSignal ? given.signal : undefined;
    const signal = own ? AbortSignal.any([own, this.controller.signal]) : this.controller.signal;
    return { ...given, signal };
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  watch(result: unknown): unknown {
    if (!isPromise(result)) {
      this.clear();
      return result;
    }
    return Promise.race([result, this.expired]).finally(() => this.clear());
  }

  /**
   * The cursor's `toArray()` is bounded; the deadline also covers the time before it is called.
   * A cursor read otherwise (a stream, `eachAsync`) would be aborted at the deadline: none is.
   */
  watchCursor(cursor: unknown): unknown {
    const reader = cursor as { toArray?: unknown } | null;
    if (reader === null || typeof reader.toArray !== 'function') {
      this.clear();
      return cursor;
    }
    const toArray = reader.toArray as () => unknown;
    reader.toArray = () => this.watch(toArray.call(reader));
    return cursor;
  }
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
