import { ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';

import { isEmergencyReport } from '../dialogs/understanding/emergency';
import { createLogger } from '../kernel/logger';
import { loadKnowledgeBase } from '../knowledge/knowledge-base';
import { decide } from '../knowledge/retrieval/answer-decision';
import { pointsToEmergency } from '../knowledge/retrieval/emergency-entry';
import { KnowledgeIndex } from '../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../knowledge/retrieval/spanish-analyzer';
import { KnowledgeAnswerer, type OfferedChoices } from './knowledge-answerer';

/** A "¿Se refiere a…?" offered before the knowledge base changed (an entry merged away since). */
describe('picking an option offered before a new knowledge base', () => {
  const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));
  const barequeo = index.entry('que-es-barequeo');

  function conversationWithOffer(entryIds: string[]) {
    const state = new ConversationState(new MemoryStorage());
    const offered = state.createProperty<OfferedChoices | undefined>('offered');
    const answerer = new KnowledgeAnswerer({ index, offered, logger: createLogger('silent') });
    let first = true;
    const adapter = new TestAdapter(async (context: TurnContext) => {
      if (first) {
        first = false;
        await offered.set(context, {
          question: 'barequeo',
          receivedAt: new Date().toISOString(),
          entryIds,
        });
      } else {
        await answerer.respond(context, context.activity.text);
      }
      await state.saveChanges(context);
    });
    return { adapter };
  }

  it('when the citizen picks by number an option still in the base, then that entry is answered', async () => {
    const { adapter } = conversationWithOffer(['que-puede-hacer-barequero', 'que-es-barequeo']);
    await adapter.send('hola');
    await adapter.send('2').assertReply((activity) => {
      expect(JSON.stringify(activity)).toContain(barequeo?.title);
    });
  });

  it('when the citizen picks by number an option retired since, then the next option is not answered in its place', async () => {
    const { adapter } = conversationWithOffer(['que-puede-hacer-barequero', 'que-es-barequeo']);
    await adapter.send('hola');
    await adapter.send('1').assertReply((activity) => {
      expect(JSON.stringify(activity)).not.toContain(barequeo?.title);
    });
  });
});

/** The emergency check reads words; the classifier, trained on emergency reports, is a second reader. */
describe('an emergency the word check does not recognise', () => {
  const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));
  const emergencyEntry = index.entry('emergencia-en-una-mina');

  function conversation() {
    const state = new ConversationState(new MemoryStorage());
    const offered = state.createProperty<OfferedChoices | undefined>('offered');
    const answerer = new KnowledgeAnswerer({ index, offered, logger: createLogger('silent') });
    const adapter = new TestAdapter(async (context: TurnContext) => {
      await answerer.respond(context, context.activity.text);
      await state.saveChanges(context);
    });
    return { adapter };
  }

  it('when the knowledge base reads the message as the emergency entry, then the emergency reply is sent, not "¿Se refiere a…?"', async () => {
    const { adapter } = conversation();
    await adapter.send('puedo entrar a sacar a mi ermano de la mina?').assertReply((activity) => {
      const text = JSON.stringify(activity);
      expect(text).toContain('Emergencia: llame ya a la línea 123');
      expect(text).toContain('salvamento minero');
      expect(text).not.toContain('¿Se refiere a');
    });
  });

  it('when the message asks what to do if an accident happens, then the entry answers it without the alarm', async () => {
    const { adapter } = conversation();
    await adapter.send('¿Qué hago si hay un accidente en una mina?').assertReply((activity) => {
      const text = JSON.stringify(activity);
      expect(text).toContain(emergencyEntry?.title);
      expect(text).not.toContain('Emergencia: llame ya a la línea 123');
    });
  });

  it('when only the report reader reads the message as an emergency (neither the words nor the entry do), then the emergency reply is sent', async () => {
    const report = 'un señor quedó debajo de la volqueta en la arenera y está gritando';
    expect(isEmergencyReport(report)).toBe(false);
    expect(pointsToEmergency(decide(index.search(report)))).toBe(false);
    const { adapter } = conversation();
    await adapter.send(report).assertReply((activity) => {
      const text = JSON.stringify(activity);
      expect(text).toContain('Emergencia: llame ya a la línea 123');
      expect(text).not.toContain('No tengo una respuesta segura');
    });
  });
});
