import type { Activity } from 'botbuilder';

import { messageActivity, newParty, postActivity } from '../support/activities';
import { LocalOpenIdProvider } from '../support/openid-provider';
import { startTestApp, type TestApp } from '../support/test-app';

const appId = '00000000-0000-4000-8000-000000000001';
const serviceUrl = 'http://127.0.0.1:9/';

describe('Bot Framework authentication against a local OpenID provider', () => {
  const provider = new LocalOpenIdProvider();
  let bot: TestApp;

  beforeAll(async () => {
    await provider.start();
    bot = await startTestApp({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
      ToBotFromChannelOpenIdMetadataUrl: provider.metadataUrl,
      ToBotFromChannelTokenIssuer: provider.issuer,
    });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await bot.dispose();
    await provider.stop();
  });

  // expectReplies returns the bot's replies in the HTTP response, so no outbound token is needed.
  const activity = () =>
    messageActivity(newParty(serviceUrl), 'hola', { deliveryMode: 'expectReplies' });

  it('when a request has no Authorization header, then it is refused with 401', async () => {
    const { status } = await postActivity(bot.app.url, activity());
    expect(status).toBe(401);
  });

  it('when the token is signed with a key the provider does not publish, then it is refused with 401', async () => {
    // The SDK prints the keys it tried on the console; keep the test output readable.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const token = provider.token({ audience: appId, serviceUrl }, LocalOpenIdProvider.foreignKey());
    const { status } = await postActivity(bot.app.url, activity(), {
      authorization: `Bearer ${token}`,
    });
    expect(status).toBe(401);
  });

  it('when the token is for another bot, then it is refused with 401', async () => {
    const token = provider.token({ audience: 'another-bot', serviceUrl });
    const { status } = await postActivity(bot.app.url, activity(), {
      authorization: `Bearer ${token}`,
    });
    expect(status).toBe(401);
  });

  it('when the token is valid, then the turn runs and the replies come back in Spanish', async () => {
    const token = provider.token({ audience: appId, serviceUrl });
    const { status, body } = await postActivity(bot.app.url, activity(), {
      authorization: `Bearer ${token}`,
    });
    expect(status).toBe(200);
    const { activities } = JSON.parse(body) as { activities: Partial<Activity>[] };
    expect(activities.length).toBeGreaterThan(0);
    expect(JSON.stringify(activities)).toContain('Agencia Nacional de Minería');
  });
});
