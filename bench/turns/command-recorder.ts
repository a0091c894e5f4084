import type { mongo } from 'mongoose';

type CommandStartedEvent = mongo.CommandStartedEvent;
type CommandSucceededEvent = mongo.CommandSucceededEvent;
type CommandFailedEvent = mongo.CommandFailedEvent;
type MongoClient = mongo.MongoClient;

/** One database round-trip as the driver saw it. */
export interface RecordedCommand {
  collection: string;
  command: string;
  /** The filter (or update query, or pipeline's first $match) with its values replaced by types. */
  shape: string;
  /** The command as sent, for `explain`; without the driver's session fields. */
  body: Record<string, unknown>;
  durationMs: number;
  ok: boolean;
  /** Milliseconds since the recorder started, when the command was sent. */
  startedAtMs: number;
}

/** Commands of the driver's own housekeeping, not of the product. */
const housekeeping = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'ping',
  'endSessions',
  'saslStart',
  'saslContinue',
  'buildInfo',
  'getMore',
]);

/** Fields the driver adds to every command; they say nothing about the query. */
/**
 * Reads made by the bot's background pollers, not by any turn: the change-feed followers (queue,
 * public answers) and the deliverer's timer. One can land inside a turn's window by chance; it
 * is not part of the turn. Their own cost is bounded by the housekeeping purge of question_changes
 * and by the small pending_deliveries work list.
 */
const backgroundReads = new Set(['question_changes find', 'pending_deliveries find']);

const driverFields = new Set(['lsid', '$db', '$clusterTime', 'txnNumber', '$readPreference']);

/**
 * The shape of a filter: keys and operators kept, values replaced by their type, arrays by their
 * length and element shape, so that two turns of different citizens have the same shape.
 */
export function shapeOf(value: unknown, depth = 0): unknown {
  if (depth > 6) return '…';
  if (Array.isArray(value)) {
    return value.length === 0
      ? '[]'
      : `[${value.length} × ${JSON.stringify(shapeOf(value[0], depth + 1))}]`;
  }
  if (value instanceof Date) return 'date';
  if (value !== null && typeof value === 'object') {
    const name = (value as { _bsontype?: string })._bsontype;
    if (name) return name;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
        key,
        shapeOf(inner, depth + 1),
      ]),
    );
  }
  return typeof value;
}

/** A sort or projection as sent (the driver may pass a Map), with its values kept. */
function plain(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

/** The operators of an update ("$set", "$unset"…), or "replacement" for a whole document. */
function updateOperators(update: unknown): string {
  if (Array.isArray(update)) return 'pipeline';
  if (update === null || typeof update !== 'object') return typeof update;
  const keys = Object.keys(update);
  return keys.every((key) => key.startsWith('$')) ? keys.join(',') : 'replacement';
}

/**
 * What a command selects on: a find's filter (with its sort and limit as sent), an update's or
 * delete's query (with the update's operators), a count's query.
 */
export function selectorOf(command: Record<string, unknown>, name: string): unknown {
  switch (name) {
    case 'find':
    case 'count':
    case 'findAndModify':
      return {
        filter: shapeOf(command.filter ?? command.query ?? {}),
        ...(command.sort ? { sort: plain(command.sort) } : {}),
        ...(command.limit ? { limit: command.limit } : {}),
        ...(name === 'findAndModify' ? { update: updateOperators(command.update) } : {}),
      };
    case 'update':
    case 'delete': {
      const statements = (command[name === 'update' ? 'updates' : 'deletes'] ?? []) as {
        q?: unknown;
        u?: unknown;
        upsert?: boolean;
        limit?: number;
      }[];
      const first = statements[0];
      return {
        ...(statements.length > 1 ? { statements: statements.length } : {}),
        q: shapeOf(first?.q ?? {}),
        ...(name === 'update' ? { u: updateOperators(first?.u) } : {}),
        ...(first?.upsert ? { upsert: true } : {}),
      };
    }
    case 'insert':
      return { documents: (command.documents as unknown[] | undefined)?.length ?? 0 };
    case 'aggregate':
      return { pipeline: shapeOf(command.pipeline) };
    default:
      return {};
  }
}

/**
 * Listens to the driver's command monitoring (the client must be created with
 * `monitorCommands: true`) and keeps every product command with its duration.
 */
export class CommandRecorder {
  readonly commands: RecordedCommand[] = [];
  private readonly started = new Map<number, { event: CommandStartedEvent; atMs: number }>();
  private readonly origin = performance.now();

  constructor(private readonly client: MongoClient) {
    client.on('commandStarted', this.onStarted);
    client.on('commandSucceeded', this.onSucceeded);
    client.on('commandFailed', this.onFailed);
  }

  detach(): void {
    this.client.off('commandStarted', this.onStarted);
    this.client.off('commandSucceeded', this.onSucceeded);
    this.client.off('commandFailed', this.onFailed);
  }

  /** Milliseconds since the recorder started: mark a window before and after a turn. */
  now(): number {
    return performance.now() - this.origin;
  }

  /** The commands sent between two marks. */
  between(fromMs: number, toMs: number): RecordedCommand[] {
    return this.commands.filter((c) => c.startedAtMs >= fromMs && c.startedAtMs <= toMs);
  }

  private readonly onStarted = (event: CommandStartedEvent): void => {
    if (housekeeping.has(event.commandName)) return;
    this.started.set(event.requestId, { event, atMs: this.now() });
  };

  private readonly onSucceeded = (event: CommandSucceededEvent): void => {
    this.finish(event.requestId, event.duration, true);
  };

  private readonly onFailed = (event: CommandFailedEvent): void => {
    this.finish(event.requestId, event.duration, false);
  };

  private finish(requestId: number, durationMs: number, ok: boolean): void {
    const started = this.started.get(requestId);
    if (!started) return;
    this.started.delete(requestId);
    const { event, atMs } = started;
    const command = event.command as Record<string, unknown>;
    const name = event.commandName;
    if (backgroundReads.has(`${String(command[name])} ${name}`)) return;
    const body = Object.fromEntries(
      Object.entries(command).filter(([key]) => !driverFields.has(key)),
    );
    this.commands.push({
      collection: typeof command[name] === 'string' ? command[name] : '',
      command: name,
      shape: JSON.stringify(selectorOf(command, name)),
      body,
      durationMs,
      ok,
      startedAtMs: atMs,
    });
  }
}
