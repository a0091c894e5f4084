// A real OpenID provider for the browser sign-in tests: the certified `oidc-provider` package, an
// ES module that jest's CommonJS runtime cannot load, so it runs in this child process
// (test/support/staff-oidc-provider.ts starts it). Protocol, one JSON line each way:
//   1. it listens on 127.0.0.1:<free port> and prints {"issuer": "http://127.0.0.1:<port>"};
//   2. it reads {"clientId", "redirectUri", "audience", "apiScope", "accounts"} on stdin (the bot's
//      address is known only once the bot, configured with this issuer, has started);
//   3. it prints {"ready": true} and serves until SIGTERM.
// Configured as the staff sign-in expects Entra: a public client (no secret) with PKCE, the
// authorization code flow only, and RS256 JWT access tokens for the staff API (resource
// indicators) carrying the account's `name` and `roles`.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';

import Provider, { errors } from 'oidc-provider';

let handler;
const server = createServer((request, response) => {
  if (handler) {
    handler(request, response);
    return;
  }
  response.writeHead(503).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
process.stdout.write(`${JSON.stringify({ issuer })}\n`);

const lines = createInterface({ input: process.stdin });
// The test keeps stdin open while it needs the provider: if it dies, so does the provider.
lines.once('close', () => process.exit(0));
const firstLine = await new Promise((resolve) => lines.once('line', resolve));
const { clientId, redirectUri, audience, apiScope, accounts } = JSON.parse(firstLine);

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-op-key', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['test-only-cookie-signing-key'] },
  claims: { openid: ['sub'], profile: ['name'] },
  pkce: { required: () => true },
  // A sign-in as an unknown login finds no account: only the test accounts exist.
  findAccount: (_ctx, id) =>
    Object.hasOwn(accounts, id)
      ? { accountId: id, claims: () => ({ sub: id, name: accounts[id].name }) }
      : undefined,
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // The browser asks by scope, as it does with Entra; the staff API is the one resource.
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== audience) throw new errors.InvalidTarget();
        return {
          scope: apiScope,
          audience,
          accessTokenTTL: 600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  extraTokenClaims: (_ctx, token) => {
    if (token.kind !== 'AccessToken') return undefined;
    const account = accounts[token.accountId];
    return account ? { name: account.name, roles: account.roles } : undefined;
  },
});
handler = provider.callback();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);

process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
