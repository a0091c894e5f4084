import { existsSync } from 'node:fs';
import path from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (no browser download). */
export const chromiumPath = '/usr/bin/chromium';

// On a developer's machine without Chromium the page tests are skipped with a warning; in CI
// (where `npm test` installs it) a missing browser fails them instead of hiding them.
export const runInChromium = existsSync(chromiumPath) || Boolean(process.env.CI);
export const describeWithChromium = runInChromium ? describe : describe.skip;
if (!runInChromium) {
  console.warn(`${chromiumPath} is missing: the live panel page tests are skipped`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Set it to a folder to keep screenshots of the panel (320 px and wide) for a visual check. */
const screenshotsDir = process.env.LIVE_PANEL_SCREENSHOTS_DIR;

/** With LIVE_PANEL_SCREENSHOTS_DIR set, keeps the page at 320 px and wide (then back to 320). */
export async function keepScreenshots(page: Page, name: string): Promise<void> {
  if (!screenshotsDir) return;
  await page.setViewportSize({ width: 320, height: 900 });
  await page.screenshot({ path: path.join(screenshotsDir, `${name}-320.png`), fullPage: true });
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.screenshot({ path: path.join(screenshotsDir, `${name}-wide.png`), fullPage: true });
  await page.setViewportSize({ width: 320, height: 900 });
}

/**
 * A stand-in for teams-js inside a Teams client, which cannot run here: it records what the page
 * asks of Teams, lets the test press "Guardar", and answers `authentication.getAuthToken()` with
 * `token` as Teams SSO would (or fails as Teams does when it cannot get one).
 */
export function fakeTeamsSdk({ theme = 'default', token }: { theme?: string; token?: string }) {
  return `
window.fakeTeams = {};
window.microsoftTeams = {
  app: {
    initialize: () => Promise.resolve(),
    getContext: () => Promise.resolve({ app: { theme: ${JSON.stringify(theme)} } }),
    registerOnThemeChangeHandler: () => undefined,
  },
  authentication: {
    getAuthToken: () => ${
      token === undefined
        ? "Promise.reject(new Error('resourceRequiresConsent'))"
        : `Promise.resolve(${JSON.stringify(token)})`
    },
  },
  pages: {
    config: {
      registerOnSaveHandler: (handler) => { window.fakeTeams.onSave = handler; },
      setValidityState: (valid) => { window.fakeTeams.valid = valid; },
      setConfig: (config) => { window.fakeTeams.config = config; return Promise.resolve(); },
    },
  },
};
window.fakeTeams.save = () => new Promise((resolve) => window.fakeTeams.onSave({
  notifySuccess: () => resolve({ outcome: 'success', valid: window.fakeTeams.valid, config: window.fakeTeams.config }),
  notifyFailure: (reason) => resolve({ outcome: 'failure', reason }),
}));
`;
}
