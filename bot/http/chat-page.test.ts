import { gunzipSync } from 'node:zlib';

import { chatPageHeaders, chatPageHtml, readChatFile, type ChatPageSettings } from './chat-page';

const embedded: ChatPageSettings = {
  privacyPolicyUrl: 'https://www.anm.gov.co/politica',
  allowedEmbedders: ['https://www.anm.gov.co'],
  serviceOrigin: undefined,
};

function directives(settings: ChatPageSettings, nonce = 'n0nce'): Map<string, string> {
  const policy = chatPageHeaders(settings, nonce)['content-security-policy'] ?? '';
  return new Map(
    policy.split('; ').map((directive) => {
      const [name = '', ...sources] = directive.split(' ');
      return [name, sources.join(' ')];
    }),
  );
}

describe('the web chat page', () => {
  it('when the page is served, then scripts come only from this server, styles need the nonce, and only the agency may frame it', () => {
    const policy = directives(embedded);
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('style-src')).toContain("'nonce-n0nce'");
    expect(policy.get('style-src')).not.toContain('unsafe-inline');
    expect(policy.get('connect-src')).toBe("'self'");
    expect(policy.get('frame-ancestors')).toBe("'self' https://www.anm.gov.co");
    expect(policy.get('form-action')).toBe("'none'");
  });

  it('when the page uses the Direct Line service, then it may connect to that service, streaming included', () => {
    const policy = directives({
      ...embedded,
      serviceOrigin: 'https://directline.botframework.com',
    });
    expect(policy.get('connect-src')).toBe(
      "'self' https://directline.botframework.com wss://directline.botframework.com",
    );
  });

  it('when the page is built, then it is in Spanish, links the privacy policy, and has no inline script', () => {
    const html = chatPageHtml(
      { ...embedded, privacyPolicyUrl: 'https://x.gov.co/?a="><b>' },
      'n0nce',
    );
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('href="https://x.gov.co/?a=&quot;&gt;&lt;b&gt;"');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).toContain('<script src="/chat/chat.js" defer nonce="n0nce"></script>');
  });

  it('when the page is built, then it says the conversation is kept on this device for later answers, and offers to forget it', () => {
    const html = chatPageHtml(embedded, 'n0nce');
    expect(html).toContain(
      'Guardamos esta conversación en este dispositivo para mostrarle aquí las respuestas que lleguen después.',
    );
    expect(html).toContain(
      '<button type="button" id="forget-conversation">Olvidar esta conversación en este dispositivo</button>',
    );
    expect(html).toContain('<div id="chat-notice" class="chat-notice" role="status" hidden></div>');
  });

  it('when a file not on the list is asked for, then there is none', async () => {
    expect(
      await readChatFile('../package.json', { acceptsGzip: false, ifNoneMatch: undefined }),
    ).toBeUndefined();
    expect(
      await readChatFile('toString', { acceptsGzip: false, ifNoneMatch: undefined }),
    ).toBeUndefined();
  });

  it('when a browser asks for Web Chat, then it gets the bundle from node_modules compressed, and 304 once it has it', async () => {
    const plain = await readChatFile('webchat.js', { acceptsGzip: false, ifNoneMatch: undefined });
    const gzipped = await readChatFile('webchat.js', { acceptsGzip: true, ifNoneMatch: undefined });
    expect(plain?.headers['content-encoding']).toBeUndefined();
    expect(gzipped?.headers['content-encoding']).toBe('gzip');
    expect(
      gunzipSync(gzipped?.body ?? Buffer.alloc(0)).equals(plain?.body ?? Buffer.alloc(1)),
    ).toBe(true);
    expect(gzipped?.body.length).toBeLessThan((plain?.body.length ?? 0) / 2);
    const again = await readChatFile('webchat.js', {
      acceptsGzip: true,
      ifNoneMatch: plain?.headers.etag,
    });
    expect(again?.status).toBe(304);
  });
});
