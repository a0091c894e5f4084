import {
  commentChange,
  deliver,
  facebookEnvironment,
  liveVideoChange,
  pageNotification,
  testPageId,
} from '../support/facebook-deliveries';
import { ChannelSimulator } from '../support/channel-simulator';
import { Conversation } from '../support/conversation';
import { FakeGraphServer } from '../support/fake-graph-server';
import { startTestApp, type TestApp } from '../support/test-app';

/** The code a private reply gave to the commenter, read from what Messenger showed them. */
function codeIn(text: string | undefined): string {
  const match = /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/.exec(text ?? '');
  if (!match) throw new Error(`no tracking code in: ${text ?? '(nothing)'}`);
  return match[0];
}

describe('a Facebook Live commenter receives the answer in Messenger', () => {
  const graph = new FakeGraphServer();
  const channel = new ChannelSimulator();
  let bot: TestApp;
  const videoId = '900000000000909';

  beforeAll(async () => {
    await graph.start();
    await channel.start();
    bot = await startTestApp(facebookEnvironment(graph.url));
    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
  });
  afterAll(async () => {
    await bot.dispose();
    await channel.stop();
    await graph.stop();
  });
  afterEach(() => {
    expect(channel.cardProblems).toEqual([]);
  });

  /** A live comment; returns the tracking code its private reply carried. */
  async function comment(commentId: string, message: string): Promise<string> {
    await deliver(
      bot.app.url,
      pageNotification([commentChange({ commentId, postId: `${testPageId}_${videoId}`, message })]),
    );
    await bot.app.facebook?.settled();
    return codeIn(graph.repliesTo(commentId)[0]?.body.message?.text);
  }

  const question = (code: string) =>
    bot.app.database.models.questions.findOne({ trackingCode: code }).lean();

  it('when the commenter writes "recibir respuesta" with the code and accepts, then the answer will reach that Messenger chat', async () => {
    const code = await comment('sub_c1', '¿Cuánto canon superficiario paga una mina en Boyacá?');
    const citizen = new Conversation(bot.app.url, channel, 'facebook');

    const consent = await citizen.ask(`recibir respuesta ${code}`);
    expect(consent).toContain(`la respuesta de la pregunta ${code}`);
    expect(consent).toContain('Responsable: la Agencia Nacional de Minería (ANM).');
    expect((await question(code))?.citizenKey).toBeNull();

    const confirmation = await citizen.ask('acepto');
    expect(confirmation).toContain(`Cuando la ANM responda la pregunta ${code}`);
    // Messenger's 24-hour window (Meta's policy): the citizen is told where else the answer waits.
    expect(confirmation).toContain('24 horas');
    expect(confirmation).toContain(`estado ${code}`);
    expect(confirmation).toMatch(/a más tardar el \S+ \d+ de \S+ de \d{4}/);
    const stored = await question(code);
    expect(stored).toMatchObject({
      status: 'pending',
      conversationKey: { channelId: 'facebook', conversationId: citizen.party.conversationId },
    });
    const evidence = await bot.app.database.models.consents.findById(stored?.consentId).lean();
    expect(evidence).toMatchObject({ decision: 'granted', channelId: 'facebook', revokedAt: null });

    expect(await citizen.ask('mis preguntas')).toContain(code);
    expect(await citizen.ask(`recibir respuesta ${code}`)).toContain('Ya tenemos su autorización');
  });

  it('when someone else tries the same code, then it is refused without saying who has it', async () => {
    const code = await comment('sub_c2', '¿Qué pasa si una mina no paga regalías?');
    const first = new Conversation(bot.app.url, channel, 'facebook');
    await first.ask(`recibir respuesta ${code}`);
    await first.ask('acepto');

    const other = new Conversation(bot.app.url, channel, 'facebook');
    const refusal = await other.ask(`quiero recibir la respuesta ${code}`);
    expect(refusal).toContain('No podemos enviar la respuesta de esa pregunta a este chat');
    expect(refusal).not.toContain('Autorización');
    expect((await question(code))?.conversationKey?.conversationId).toBe(
      first.party.conversationId,
    );
  });

  it('when the commenter does not accept, then nothing about them is kept and the code still works', async () => {
    const code = await comment('sub_c3', '¿Dónde denuncio la minería ilegal en mi vereda?');
    const citizen = new Conversation(bot.app.url, channel, 'facebook');
    await citizen.ask(`recibir respuesta ${code}`);
    expect(await citizen.ask('no acepto')).toContain('No guardamos ningún dato suyo');
    expect(await question(code)).toMatchObject({ citizenKey: null, conversationKey: null });
    expect(await citizen.ask(`estado ${code}`)).toContain('Pendiente');
  });

  it('when the code is mistyped or missing, then the citizen is told how to write it', async () => {
    const citizen = new Conversation(bot.app.url, channel, 'facebook');
    expect(await citizen.ask('recibir respuesta')).toContain('recibir respuesta ANM-7K3M-Q9XD');
    expect(await citizen.ask('recibir respuesta ANM-7K3M-Q9XE')).toMatch(
      /código tiene un error|No encontramos/,
    );
  });
});
