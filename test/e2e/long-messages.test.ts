import { ChannelSimulator } from '../support/channel-simulator';
import { Conversation, visibleText } from '../support/conversation';
import { startTestApp, type TestApp } from '../support/test-app';

const note = 'Su mensaje era muy largo: leímos solo los primeros 2.000 caracteres.';

describe('messages longer than the bot reads, over /api/messages', () => {
  const channel = new ChannelSimulator();
  let bot: TestApp;

  beforeAll(async () => {
    await channel.start();
    bot = await startTestApp();
  });
  afterAll(async () => {
    await bot.dispose();
    await channel.stop();
  });

  async function citizen(): Promise<Conversation> {
    const conversation = new Conversation(bot.app.url, channel, 'webchat');
    await conversation.say('hola');
    return conversation;
  }

  it('when a citizen sends a 10,000-character message, then the bot says it read the first 2.000 characters and answers them', async () => {
    const question = '¿Qué es el canon superficiario? ';
    const message = question + '. '.repeat((10_000 - question.length) / 2);
    expect(message).toHaveLength(10_000);

    const [first, ...rest] = await (await citizen()).say(message);

    expect(first?.text).toBe(note);
    expect(rest.map(visibleText).join('\n')).toContain(
      'es un pago al Estado por el área del título minero',
    );
  });

  it('when a citizen sends 90 KB of "borrar " (the text that stalled the bot), then only the first part is read and the citizen is told so', async () => {
    const replies = await (await citizen()).say(`${'borrar '.repeat(12_800)}mis datos`);

    expect(replies[0]?.text).toBe(note);
    expect(replies.length).toBeGreaterThan(1);
    // "mis datos" came after the first 2,000 characters: no erasure is offered for words not read.
    expect(replies.map(visibleText).join('\n')).not.toContain('¿Borramos sus datos personales?');
  });

  it('when a message fits in 2,000 characters, then there is no note', async () => {
    const text = await (await citizen()).ask('¿Qué es el canon superficiario?');
    expect(text).not.toContain(note);
    expect(text).toContain('es un pago al Estado por el área del título minero');
  });
});
