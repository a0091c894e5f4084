import { EmbeddedConnectorAddress, embeddedConnectorUrl } from './embedded-connector-address';

const key = 'k3y';
const storedAtOldPort = `http://127.0.0.1:40001/v3/directline/bot/${key}`;

describe("the embedded Direct Line's connector address for proactive sends", () => {
  it('when a web chat conversation began on another port, then a send goes to the address the bot listens on now', () => {
    const address = new EmbeddedConnectorAddress();
    address.attach(() => embeddedConnectorUrl({ address: '127.0.0.1', port: 40002 }, key));
    expect(address.serviceUrlFor({ channelId: 'webchat', serviceUrl: storedAtOldPort })).toBe(
      `http://127.0.0.1:40002/v3/directline/bot/${key}`,
    );
  });

  it('when the conversation is of another channel or of the Direct Line service, then its stored address stands', () => {
    const address = new EmbeddedConnectorAddress();
    address.attach(() => embeddedConnectorUrl({ address: '127.0.0.1', port: 40002 }, key));
    expect(
      address.serviceUrlFor({ channelId: 'msteams', serviceUrl: storedAtOldPort }),
    ).toBeUndefined();
    expect(
      address.serviceUrlFor({
        channelId: 'webchat',
        serviceUrl: 'https://webchat.botframework.com/',
      }),
    ).toBeUndefined();
    expect(address.serviceUrlFor({ channelId: 'webchat' })).toBeUndefined();
  });

  it('when the bot serves no embedded Direct Line, then nothing is changed', () => {
    expect(
      new EmbeddedConnectorAddress().serviceUrlFor({
        channelId: 'webchat',
        serviceUrl: storedAtOldPort,
      }),
    ).toBeUndefined();
  });

  it('when the bot listens on every interface or on IPv6, then the address is one the bot can reach itself at', () => {
    expect(embeddedConnectorUrl({ address: '0.0.0.0', port: 3978 }, key)).toBe(
      `http://127.0.0.1:3978/v3/directline/bot/${key}`,
    );
    expect(embeddedConnectorUrl({ address: '::1', port: 3978 }, key)).toBe(
      `http://[::1]:3978/v3/directline/bot/${key}`,
    );
  });
});
