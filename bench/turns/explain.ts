import type { Connection } from 'mongoose';

import type { RecordedCommand } from './command-recorder';

export interface Pushdown {
  /** FerretDB's `filterPushdown`: the filter ran in the backend (SQL), not over every document. */
  filterPushdown: boolean | 'n/a';
  sortPushdown: boolean | undefined;
  /** How the command was explained, when not as itself (FerretDB explains find, count, aggregate). */
  note: string | undefined;
}

interface Statement {
  q?: Record<string, unknown>;
}

/**
 * The command FerretDB can explain for a recorded one: a find, count or aggregate as itself; an
 * update or delete as a find on its query (FerretDB reads the documents to change the same way);
 * a findAndModify as a find with its query and sort.
 */
function explainable(
  command: RecordedCommand,
): { body: Record<string, unknown>; note: string | undefined } | undefined {
  const { body, collection } = command;
  switch (command.command) {
    case 'find':
      return {
        body: { find: collection, filter: body.filter ?? {}, sort: body.sort, limit: body.limit },
        note: undefined,
      };
    case 'count':
      return { body: { count: collection, query: body.query ?? {} }, note: undefined };
    case 'aggregate':
      return {
        body: { aggregate: collection, pipeline: body.pipeline, cursor: {} },
        note: undefined,
      };
    case 'findAndModify':
      return {
        body: { find: collection, filter: body.query ?? {}, sort: body.sort, limit: 1 },
        note: 'as find',
      };
    case 'update':
    case 'delete': {
      const statements = (body[command.command === 'update' ? 'updates' : 'deletes'] ??
        []) as Statement[];
      return { body: { find: collection, filter: statements[0]?.q ?? {} }, note: 'as find' };
    }
    default:
      return undefined;
  }
}

/** Runs the store's `explain` on what a recorded command selects. */
export async function explainCommand(
  connection: Connection,
  command: RecordedCommand,
): Promise<Pushdown> {
  const target = explainable(command);
  if (!target) return { filterPushdown: 'n/a', sortPushdown: undefined, note: 'no filter' };
  const db = connection.db;
  if (!db) throw new Error('not connected');
  const body = Object.fromEntries(
    Object.entries(target.body).filter(([, value]) => value !== undefined),
  );
  try {
    const reply = await db.command({ explain: body, verbosity: 'queryPlanner' });
    return {
      filterPushdown: reply.filterPushdown === true,
      sortPushdown: typeof reply.sortPushdown === 'boolean' ? reply.sortPushdown : undefined,
      note: target.note,
    };
  } catch (error) {
    return {
      filterPushdown: 'n/a',
      sortPushdown: undefined,
      note: `explain failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
