import { registerQuestion } from '../../models/question';
import { ModerationService } from '../../moderation/moderation-service';
import { newQuestion } from '../../moderation/moderation-test-kit';
import { ChannelSimulator } from '../support/channel-simulator';
import { Conversation } from '../support/conversation';
import { publishAnswer } from '../support/public-answers-server';
import { startTestApp, type TestApp } from '../support/test-app';

const officialAnswer =
  'Sogamoso recibe regalías por el carbón según el Sistema General de Regalías. El valor de cada año está en el mapa de regalías.';

describe('"estado ANM-…" in chat, over /api/messages', () => {
  const channel = new ChannelSimulator();
  let bot: TestApp;
  let moderation: ModerationService;

  beforeAll(async () => {
    await channel.start();
    bot = await startTestApp();
    moderation = new ModerationService({ models: bot.app.database.models });
    await moderation.start();
  });
  afterAll(async () => {
    await moderation.stop();
    await bot.dispose();
    await channel.stop();
  });
  afterEach(() => {
    expect(channel.cardProblems).toEqual([]);
  });

  it('when a citizen asks the status of a published question, then the bot shows the official answer and its public page', async () => {
    const { question } = await registerQuestion(bot.app.database.models, newQuestion());
    await moderation.projection.catchUp();
    await publishAnswer(moderation, question, officialAnswer);
    const citizen = new Conversation(bot.app.url, channel, 'webchat');

    const reply = await citizen.ask(`estado ${question.trackingCode}`);

    expect(reply).toContain(officialAnswer);
    expect(reply).toContain(`/respuestas/${question.trackingCode}`);
    expect(reply).not.toContain('Camila');
  });

  it('when a citizen asks the status of a question not answered yet, then the bot shows its status and due date', async () => {
    const { question } = await registerQuestion(bot.app.database.models, newQuestion());
    const citizen = new Conversation(bot.app.url, channel, 'webchat');

    const reply = await citizen.ask(`estado ${question.trackingCode.toLowerCase()}`);

    expect(reply).toContain('Pendiente: la ANM aún no la responde');
    expect(reply).toContain('a más tardar el miércoles 23 de diciembre de 2026');
    expect(reply).not.toContain('/respuestas/');
  });
});
