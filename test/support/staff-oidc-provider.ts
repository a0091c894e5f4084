import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';

import { projectRoot } from '../../kernel/project-root';

/** A test account of the provider: what its access tokens say of the person. */
export interface OidcTestAccount {
  name: string;
  roles: string[];
}

export interface OidcClientSettings {
  clientId: string;
  /** Where the provider sends the browser back with the code (the live panel page). */
  redirectUri: string;
  /** The staff API: the `aud` of the access tokens. */
  audience: string;
  /** The scope the browser asks for, as with Entra (`<App ID URI>/access_as_user`). */
  apiScope: string;
  accounts: Record<string, OidcTestAccount>;
}

/**
 * The certified `oidc-provider` on loopback, in a child process (test/support/staff-oidc-provider-process.mjs:
 * it is an ES module jest cannot load). Start it, configure the bot with `issuer`, start the bot,
 * then `configure` the client with the bot's address.
 */
export class StaffOidcProvider {
  private child: ChildProcessWithoutNullStreams | undefined;
  private lines: Interface | undefined;
  private output = '';
  issuer = '';

  private nextLine(): Promise<Record<string, unknown>> {
    const lines = this.lines;
    if (!lines) return Promise.reject(new Error('provider not started'));
    return new Promise((resolve, reject) => {
      const onExit = () => reject(new Error(`the OpenID provider exited:\n${this.output}`));
      this.child?.once('exit', onExit);
      lines.once('line', (line) => {
        this.child?.off('exit', onExit);
        resolve(JSON.parse(line) as Record<string, unknown>);
      });
    });
  }

  async start(): Promise<void> {
    const script = path.join(projectRoot(), 'test', 'support', 'staff-oidc-provider-process.mjs');
    this.child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.lines = createInterface({ input: this.child.stdout });
    const { issuer } = await this.nextLine();
    if (typeof issuer !== 'string') throw new Error('the OpenID provider named no issuer');
    this.issuer = issuer;
  }

  async configure(settings: OidcClientSettings): Promise<void> {
    const ready = this.nextLine();
    this.child?.stdin.write(`${JSON.stringify(settings)}\n`);
    if ((await ready).ready !== true) throw new Error('the OpenID provider is not ready');
  }

  /** The bot's staff sign-in settings for this provider. */
  environment(settings: Pick<OidcClientSettings, 'clientId' | 'audience' | 'apiScope'>) {
    return {
      AUTH_JWKS_URI: `${this.issuer}/jwks`,
      AUTH_ISSUER: this.issuer,
      AUTH_AUDIENCE: settings.audience,
      AUTH_CLIENT_ID: settings.clientId,
      AUTH_API_SCOPE: settings.apiScope,
    };
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
