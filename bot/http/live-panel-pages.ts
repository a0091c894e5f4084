import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { projectRoot } from '../../kernel/project-root';

/** A file of the Teams tab, with the headers it is served with. */
export interface TabFile {
  body: Buffer;
  headers: Record<string, string>;
}

const html = 'text/html; charset=utf-8';
const script = 'text/javascript; charset=utf-8';
const style = 'text/css; charset=utf-8';

/**
 * The only files served under /tab/: a fixed list, so no request can name another file.
 * teams-js is served from node_modules (its UMD bundle), never copied into the repository.
 */
const tabFiles: Record<string, { path: string[]; contentType: string }> = {
  'live-panel.html': { path: ['tab', 'live-panel.html'], contentType: html },
  'configure.html': { path: ['tab', 'configure.html'], contentType: html },
  'live-panel.css': { path: ['tab', 'live-panel.css'], contentType: style },
  'live-panel.js': { path: ['tab', 'live-panel.js'], contentType: script },
  'panel-api.js': { path: ['tab', 'panel-api.js'], contentType: script },
  'staff-api.js': { path: ['tab', 'staff-api.js'], contentType: script },
  'panel-view.js': { path: ['tab', 'panel-view.js'], contentType: script },
  'space-form.js': { path: ['tab', 'space-form.js'], contentType: script },
  'teams-host.js': { path: ['tab', 'teams-host.js'], contentType: script },
  'staff-sign-in.js': { path: ['tab', 'staff-sign-in.js'], contentType: script },
  'configure.js': { path: ['tab', 'configure.js'], contentType: script },
  'moderation.html': { path: ['tab', 'moderation.html'], contentType: html },
  'moderation.css': { path: ['tab', 'moderation.css'], contentType: style },
  'moderation.js': { path: ['tab', 'moderation.js'], contentType: script },
  'moderation-api.js': { path: ['tab', 'moderation-api.js'], contentType: script },
  'moderation-view.js': { path: ['tab', 'moderation-view.js'], contentType: script },
  'moderation-actions.js': { path: ['tab', 'moderation-actions.js'], contentType: script },
  'moderation-labels.js': { path: ['tab', 'moderation-labels.js'], contentType: script },
  'moderation-problems.js': { path: ['tab', 'moderation-problems.js'], contentType: script },
  'reports.html': { path: ['tab', 'reports.html'], contentType: html },
  'reports.css': { path: ['tab', 'reports.css'], contentType: style },
  'reports.js': { path: ['tab', 'reports.js'], contentType: script },
  'reports-view.js': { path: ['tab', 'reports-view.js'], contentType: script },
  // Chart.js's UMD build, served from node_modules like teams-js: no CDN, allowed by 'self'.
  'chart.js': {
    path: ['node_modules', 'chart.js', 'dist', 'chart.umd.min.js'],
    contentType: script,
  },
  'teams-js.js': {
    path: ['node_modules', '@microsoft', 'teams-js', 'dist', 'umd', 'MicrosoftTeams.min.js'],
    contentType: script,
  },
};

export const tabFileNames: readonly string[] = Object.keys(tabFiles);

/** Where Teams (and Microsoft 365 hosts) may frame the tab; nobody else may. */
const frameAncestors = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.office.com',
  'https://*.cloud.microsoft',
];

/**
 * `connectOrigins`: where the pages may send requests besides this server: the staff sign-in's
 * OpenID provider, whose discovery document and token endpoint the browser calls itself.
 */
function securityHeaders(connectOrigins: readonly string[]): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      ['connect-src', "'self'", ...connectOrigins].join(' '),
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      `frame-ancestors ${frameAncestors.join(' ')}`,
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // The panel changes with each deployment; a stale cached copy would call an API that moved.
    'cache-control': 'no-cache',
  };
}

/** Reads the tab's files: one of them, or undefined when the name is not on the list. */
export function tabFileReader(
  connectOrigins: readonly string[] = [],
): (name: string) => Promise<TabFile | undefined> {
  const headers = securityHeaders(connectOrigins);
  return async (name) => {
    const file = Object.hasOwn(tabFiles, name) ? tabFiles[name] : undefined;
    if (!file) return undefined;
    const body = await readFile(path.join(projectRoot(), ...file.path));
    return { body, headers: { ...headers, 'content-type': file.contentType } };
  };
}
