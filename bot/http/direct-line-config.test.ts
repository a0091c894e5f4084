import { parseWebChatConfig, WebChatConfigError } from './direct-line-config';

function problemsOf(environment: Record<string, string>): string[] {
  try {
    parseWebChatConfig(environment);
  } catch (error) {
    if (error instanceof WebChatConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the web chat configuration', () => {
  it('when nothing is set, then the bot serves its own Direct Line, tokens for 30 minutes, a conversation resumable for 60 days, no other site may embed the page', () => {
    expect(parseWebChatConfig({})).toEqual({
      mode: 'embedded',
      tokenSecret: undefined,
      tokenLifetimeSeconds: 1_800,
      resumeLifetimeSeconds: 60 * 86_400,
      tokensPerAddressPerMinute: 30,
      allowedEmbedders: [],
    });
  });

  it('when the resume lifetime is set, then it is taken in days, and one shorter than a day or longer than a year is refused', () => {
    expect(parseWebChatConfig({ DIRECT_LINE_RESUME_LIFETIME_DAYS: '45' })).toMatchObject({
      resumeLifetimeSeconds: 45 * 86_400,
    });
    expect(problemsOf({ DIRECT_LINE_RESUME_LIFETIME_DAYS: '0' })).toEqual([
      expect.stringContaining('DIRECT_LINE_RESUME_LIFETIME_DAYS'),
    ]);
    expect(problemsOf({ DIRECT_LINE_RESUME_LIFETIME_DAYS: '400' })).toEqual([
      expect.stringContaining('DIRECT_LINE_RESUME_LIFETIME_DAYS'),
    ]);
  });

  it('when DIRECT_LINE_SECRET is set, then the page uses the Direct Line service', () => {
    expect(
      parseWebChatConfig({
        DIRECT_LINE_SECRET: 'secret-of-the-channel',
        DIRECT_LINE_BASE_URL: 'https://europe.directline.botframework.com/',
        MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      }),
    ).toMatchObject({
      mode: 'service',
      secret: 'secret-of-the-channel',
      baseUrl: 'https://europe.directline.botframework.com',
    });
    expect(parseWebChatConfig({ DIRECT_LINE_SECRET: 's' })).toMatchObject({
      baseUrl: 'https://directline.botframework.com',
    });
  });

  it('when the bot authenticates and has no Direct Line secret, then there is no web chat', () => {
    expect(parseWebChatConfig({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001' })).toEqual({
      mode: 'off',
    });
  });

  it('when sites may embed the chat, then each becomes a frame-ancestors source, rebuilt from its parts', () => {
    expect(
      parseWebChatConfig({
        CHAT_ALLOWED_EMBEDDERS:
          'https://www.anm.gov.co, https://*.anm.gov.co,http://localhost:8080',
      }),
    ).toMatchObject({
      allowedEmbedders: ['https://www.anm.gov.co', 'https://*.anm.gov.co', 'http://localhost:8080'],
    });
  });

  it('when an embedder could smuggle a directive or is not an https origin, then the start is refused', () => {
    for (const entry of [
      "https://www.anm.gov.co; script-src 'unsafe-inline'",
      'http://www.anm.gov.co',
      'https://www.anm.gov.co/chat',
      '*',
      "'self'",
    ]) {
      expect(problemsOf({ CHAT_ALLOWED_EMBEDDERS: entry })).toEqual([
        expect.stringContaining('CHAT_ALLOWED_EMBEDDERS'),
      ]);
    }
  });

  it('when several values are wrong, then each is named', () => {
    expect(
      problemsOf({
        DIRECT_LINE_BASE_URL: 'http://directline.example.com',
        DIRECT_LINE_TOKEN_SECRET: 'short',
        DIRECT_LINE_TOKEN_LIFETIME_SECONDS: '60',
        DIRECT_LINE_TOKENS_PER_IP_PER_MINUTE: '-1',
      }).map((problem) => problem.split(':')[0]),
    ).toEqual([
      'DIRECT_LINE_BASE_URL',
      'DIRECT_LINE_TOKEN_SECRET',
      'DIRECT_LINE_TOKEN_LIFETIME_SECONDS',
      'DIRECT_LINE_TOKENS_PER_IP_PER_MINUTE',
    ]);
  });
});
