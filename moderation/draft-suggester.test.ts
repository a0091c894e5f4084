import { OpenAiAnswerComposer } from '../answers/generative/answer-composer';
import { RequestRefusal } from '../kernel/errors';
import { loadKnowledgeBase } from '../knowledge/knowledge-base';
import { KnowledgeIndex } from '../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../knowledge/retrieval/spanish-analyzer';
import { findQuestion } from '../models/question';
import {
  groundedCompletion,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from '../test/support/fake-openai-server';
import { KnowledgeDraftSuggester } from './draft-suggester';
import { ana, bruno, openModerationFixture, type ModerationFixture } from './moderation-test-kit';

const suggested =
  'El barequeo es lavar a mano las arenas de los ríos para sacar oro.\n\nPara hacerlo, inscríbase en la alcaldía de su municipio.';

// The model is a third party: an OpenAI-compatible server on loopback stands in for it.
describe('a draft suggested by the model from the knowledge base', () => {
  let server: FakeOpenAiServer;
  let fixture: ModerationFixture;

  beforeAll(async () => {
    server = await startFakeOpenAiServer();
    const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));
    const composer = new OpenAiAnswerComposer({
      apiKey: 'sk-local-test',
      baseUrl: server.baseUrl,
      model: 'modelo-local',
      timeoutMs: 2_000,
    });
    fixture = await openModerationFixture({
      suggester: new KnowledgeDraftSuggester(index, composer),
    });
  });
  afterAll(async () => {
    await fixture.close();
    await server.close();
  });

  it('when a moderator asks for a suggestion, then the grounded draft is saved marked as suggested, and it cannot be approved until a person saves it', async () => {
    server.respondWith(groundedCompletion(suggested, ['que-es-barequeo']));
    const question = await fixture.register({
      text: '¿Qué es el barequeo y cómo lo hago? Escríbanme a camila@correo.test',
    });
    const result = await fixture.service.act('suggest', question._id, ana, { version: 1 });
    expect(result).toMatchObject({
      suggestion: { text: suggested, sources: [{ id: 'que-es-barequeo' }] },
      readability: { meetsFloor: true },
    });
    const sent = JSON.stringify(server.requests.at(-1)?.body.messages);
    expect(sent).toContain('Ficha id: que-es-barequeo');
    expect(sent).not.toContain('camila@correo.test');

    const refusal = await fixture.service
      .act('approve', question._id, bruno, { version: 2 })
      .catch((error: unknown) => error as RequestRefusal);
    expect((refusal as RequestRefusal).message).toContain('lo sugirió la IA');

    await fixture.service.act('answer', question._id, ana, { version: 2, text: suggested });
    await fixture.service.act('approve', question._id, bruno, { version: 3 });
    expect((await findQuestion(fixture.database.models.questions, question._id))?.status).toBe(
      'published',
    );
  });

  it('when the model answers without citing the entries it was given, then no draft is saved and the moderator is told why', async () => {
    server.respondWith(groundedCompletion(suggested, ['una-ficha-que-no-existe']));
    const question = await fixture.register({ text: '¿Qué es el barequeo?' });
    const result = await fixture.service.act('suggest', question._id, ana, { version: 1 });
    expect(result).toMatchObject({ suggestion: null });
    expect((result as { reason: string }).reason).toContain('Escriba el borrador');
    expect((await findQuestion(fixture.database.models.questions, question._id))?.draft).toBeNull();
  });
});
