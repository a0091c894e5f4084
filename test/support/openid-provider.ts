import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenID provider in the shape of the Bot Framework's: OpenID metadata, a JWKS whose keys
 * carry channel endorsements, and RS256 tokens as a channel sends them to a bot.
 */
export class LocalOpenIdProvider {
  readonly issuer = 'https://api.botframework.test';
  private readonly keyId = randomUUID();
  private readonly privateKey: KeyObject;
  private readonly publicJwk: Record<string, unknown>;
  private server: Server | undefined;

  constructor(private readonly endorsements: string[] = ['webchat', 'msteams', 'facebook']) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicJwk = { ...publicKey.export({ format: 'jwk' }) };
  }

  get metadataUrl(): string {
    return `${this.baseUrl}/.well-known/openid-configuration`;
  }

  private get baseUrl(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('provider not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const body =
        request.url === '/.well-known/openid-configuration'
          ? {
              issuer: this.issuer,
              jwks_uri: `${this.baseUrl}/keys`,
              id_token_signing_alg_values_supported: ['RS256'],
            }
          : request.url === '/keys'
            ? {
                keys: [
                  {
                    ...this.publicJwk,
                    kid: this.keyId,
                    use: 'sig',
                    alg: 'RS256',
                    endorsements: this.endorsements,
                  },
                ],
              }
            : undefined;
      response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      response.end(body ? JSON.stringify(body) : undefined);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** A channel token for `audience` (the bot's app id), bound to the activity's serviceUrl. */
  token(
    claims: { audience: string; serviceUrl: string; withoutExpiry?: boolean },
    signWith: KeyObject = this.privateKey,
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.keyId };
    const payload = {
      iss: this.issuer,
      aud: claims.audience,
      serviceurl: claims.serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      ...(claims.withoutExpiry ? {} : { exp: now + 3600 }),
    };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode(header)}.${encode(payload)}`;
    const signature = createSign('RSA-SHA256')
      .update(unsigned)
      .sign(signWith)
      .toString('base64url');
    return `${unsigned}.${signature}`;
  }

  /** A key the provider does not publish, to forge tokens with. */
  static foreignKey(): KeyObject {
    return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }
}
