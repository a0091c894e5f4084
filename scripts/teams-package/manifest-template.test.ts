import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { projectRoot } from '../../kernel/project-root';
import { sampleTeamsConfig, sampleTeamsSettings } from '../../test/support/teams-app-config';
import { buildManifest, manifestTemplateFile } from './manifest-template';
import { teamsPackageSettings, type TeamsPackageSettings } from './package-settings';

const manifestDir = path.join(projectRoot(), 'manifest');

function settings(overrides: Record<string, string> = {}): TeamsPackageSettings {
  const result = teamsPackageSettings(sampleTeamsConfig(overrides));
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.settings;
}

/** The manifest as Teams reads it: plain JSON, looked into by path. */
interface ManifestView {
  id: string;
  version: string;
  developer: { privacyUrl: string; termsOfUseUrl: string; websiteUrl: string };
  localizationInfo: { defaultLanguageTag: string };
  bots: { botId: string; scopes: string[] }[];
  staticTabs: { entityId: string; contentUrl?: string; scopes: string[] }[];
  configurableTabs: { configurationUrl: string; scopes: string[]; context: string[] }[];
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
  authorization: { permissions: { resourceSpecific: { name: string; type: string }[] } };
}

function manifest(overrides: Record<string, string> = {}): ManifestView {
  return buildManifest(manifestDir, settings(overrides), '1.2.3') as unknown as ManifestView;
}

describe('the Teams manifest template', () => {
  const { botAppId, teamsAppId, publicBaseUrl, privacyPolicyUrl } = sampleTeamsSettings;

  it('when it is filled, then the app and bot carry the configured ids and the package version', () => {
    const built = manifest();
    expect(built.id).toBe(teamsAppId);
    expect(built.version).toBe('1.2.3');
    expect(built.bots[0]?.botId).toBe(botAppId);
    expect(built.webApplicationInfo).toEqual({
      id: botAppId,
      resource: `api://bot.example.gov.co/${botAppId}`,
    });
  });

  it('when staff sign in to an app of their own, then Teams SSO asks that app for tokens, under the public address or the configured scope', () => {
    const clientId = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
    expect(manifest({ AUTH_CLIENT_ID: clientId }).webApplicationInfo).toEqual({
      id: clientId,
      resource: `api://bot.example.gov.co/${clientId}`,
    });
    expect(
      manifest({ AUTH_CLIENT_ID: clientId, AUTH_API_SCOPE: `api://${clientId}/access_as_user` })
        .webApplicationInfo,
    ).toEqual({ id: clientId, resource: `api://${clientId}` });
  });

  it('when the staff app id is not a GUID, then no package is built and the problem is named', () => {
    const result = teamsPackageSettings(sampleTeamsConfig({ AUTH_CLIENT_ID: 'panel' }));
    expect(result.ok ? [] : result.problems).toEqual([
      expect.stringContaining('AUTH_CLIENT_ID: "panel" no es un GUID.'),
    ]);
  });

  it('when it is filled, then the tabs point at the public address, its only valid domain', () => {
    const built = manifest();
    expect(built.staticTabs.map((tab) => tab.contentUrl)).toContain(
      `${publicBaseUrl}/tab/live-panel.html`,
    );
    expect(built.configurableTabs[0]?.configurationUrl).toBe(`${publicBaseUrl}/tab/configure.html`);
    expect(built.validDomains).toEqual(['bot.example.gov.co']);
  });

  it('when it is filled, then moderators get a personal tab "Moderación" on the public address', () => {
    expect(
      manifest().staticTabs.find(
        (tab) => tab.contentUrl === `${publicBaseUrl}/tab/moderation.html`,
      ),
    ).toMatchObject({ entityId: 'moderacion', scopes: ['personal'] });
  });

  it('when it is filled, then staff get a personal tab "Informes" with the reports page', () => {
    expect(
      manifest().staticTabs.find((tab) => tab.contentUrl === `${publicBaseUrl}/tab/reports.html`),
    ).toMatchObject({ entityId: 'informes', scopes: ['personal'] });
  });

  it('when it is filled, then the developer block links the configured privacy policy and the ANM site', () => {
    expect(manifest().developer).toEqual({
      name: 'Agencia Nacional de Minería',
      websiteUrl: 'https://www.anm.gov.co/',
      privacyUrl: privacyPolicyUrl,
      termsOfUseUrl: 'https://www.anm.gov.co/',
    });
  });

  it('when it is filled, then no placeholder is left anywhere', () => {
    expect(JSON.stringify(manifest())).not.toMatch(/\$\{\{/);
  });

  it('when the app is added to a meeting, then its bot may read every chat message without @mention', () => {
    expect(manifest().authorization.permissions.resourceSpecific).toEqual(
      expect.arrayContaining([
        { name: 'ChatMessage.Read.Chat', type: 'Application' },
        { name: 'OnlineMeeting.ReadBasic.Chat', type: 'Application' },
      ]),
    );
  });

  it('when the app is installed, then the bot works in personal chats, teams and group chats', () => {
    expect(manifest().bots[0]?.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  it('when a meeting adds the app, then its tab can open in the side panel, the meeting chat and details', () => {
    const tab = manifest().configurableTabs[0];
    expect(tab?.context.sort()).toEqual([
      'meetingChatTab',
      'meetingDetailsTab',
      'meetingSidePanel',
    ]);
    expect(tab?.scopes).toContain('groupChat');
  });

  it('when it is read, then its strings are in Spanish (Colombia)', () => {
    expect(manifest().localizationInfo.defaultLanguageTag).toBe('es-CO');
  });

  it('when the template names an unknown placeholder, then building fails and names it', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'anm-manifest-'));
    try {
      await writeFile(path.join(folder, manifestTemplateFile), '{"id": "${{NO_SUCH_VALUE}}"}');
      expect(() => buildManifest(folder, settings(), '1.0.0')).toThrow('${{NO_SUCH_VALUE}}');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
