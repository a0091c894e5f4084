import { ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';

import { Pseudonymizer } from '../kernel/pseudonym';
import type { ConversationReferenceStore } from '../models/conversation-reference';
import { ConversationReferenceRecorder } from './conversation-reference-recorder';

/** A reference store that refuses the first `failures` writes, as a database going away would. */
function flakyStore(failures: number) {
  const written: string[] = [];
  let refused = 0;
  const store = {
    remember(reference: { conversation?: { id?: string } }): Promise<void> {
      if (refused < failures) {
        refused++;
        return Promise.reject(new Error('the database is away'));
      }
      written.push(reference.conversation?.id ?? '');
      return Promise.resolve();
    },
  };
  return { store: store as unknown as ConversationReferenceStore, written };
}

describe('recording the conversation reference while the turn runs', () => {
  const pseudonymizer = new Pseudonymizer('a test secret of at least thirty-two characters');

  function adapterWith(store: ConversationReferenceStore) {
    const conversationState = new ConversationState(new MemoryStorage());
    const recorder = new ConversationReferenceRecorder(store, pseudonymizer, conversationState);
    const adapter = new TestAdapter(async (context: TurnContext) => {
      await context.sendActivity('hola');
      await conversationState.saveChanges(context);
    });
    adapter.use(recorder);
    return adapter;
  }

  it('when the reference is written, then the turn answers and a later turn does not write it again', async () => {
    const { store, written } = flakyStore(0);
    const adapter = adapterWith(store);
    await adapter.send('hola').assertReply('hola');
    await adapter.send('¿qué es el canon?').assertReply('hola');
    expect(written).toHaveLength(1);
  });

  it('when the write of the reference fails, then the turn fails after its reply and the next turn writes it again', async () => {
    const { store, written } = flakyStore(1);
    const adapter = adapterWith(store);
    const failures: unknown[] = [];
    adapter.onTurnError = (_context, error) => {
      failures.push(error);
      return Promise.resolve();
    };
    await adapter.send('hola').assertReply('hola');
    expect(failures).toEqual([expect.objectContaining({ message: 'the database is away' })]);
    expect(written).toHaveLength(0);
    await adapter.send('¿qué es el canon?').assertReply('hola');
    expect(written).toHaveLength(1);
  });
});
