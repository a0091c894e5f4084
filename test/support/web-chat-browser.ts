import { readFileSync } from 'node:fs';

import type { Page } from 'playwright-core';

/** Every Content-Security-Policy violation of the page, recorded outside the page's own scripts. */
export const recordCspViolations = `
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
`;

/** The little of the DOM these helpers evaluate in the page (tests compile without the DOM lib). */
interface PageWindow {
  document: { querySelector(css: string): { textContent: string | null } | null };
  localStorage: { getItem(key: string): string | null };
  cspViolations?: string[];
}

/** What the /chat page keeps in localStorage to come back to its conversation. */
export interface KeptConversation {
  conversationId: string;
  domain: string;
  resume?: string;
  token?: string;
}

export const keptConversationKey = 'anm-chat-conversation';

/** The /chat page in a Playwright page: what it shows, what it keeps, and how a citizen types. */
export class WebChatPage {
  constructor(readonly page: Page) {}

  transcript(): Promise<string> {
    return this.page.evaluate(
      () =>
        (globalThis as unknown as PageWindow).document.querySelector('[role="feed"]')
          ?.textContent ?? '',
    );
  }

  /** Waits until the transcript shows `text` `times` times (the chat polls every second). */
  async shows(text: string, { times = 1, timeout = 15_000 } = {}): Promise<void> {
    await this.page.waitForFunction(
      ([expected, count]) =>
        (
          (globalThis as unknown as PageWindow).document.querySelector('[role="feed"]')
            ?.textContent ?? ''
        ).split(expected).length -
          1 >=
        count,
      [text, times] as const,
      { timeout },
    );
  }

  async say(text: string): Promise<void> {
    const box = this.page.locator('[data-id="webchat-sendbox-input"]');
    await box.fill(text);
    await box.press('Enter');
  }

  /** What the page keeps in localStorage, once it keeps something other than `other`. */
  async kept(other?: string): Promise<KeptConversation> {
    const handle = await this.page.waitForFunction(
      ([key, previous]) => {
        const value = (globalThis as unknown as PageWindow).localStorage.getItem(key);
        return value !== null && value !== previous ? value : false;
      },
      [keptConversationKey, other ?? null] as const,
      { timeout: 10_000 },
    );
    return JSON.parse((await handle.jsonValue()) as string) as KeptConversation;
  }

  cspViolations(): Promise<string[]> {
    return this.page
      .evaluate(() => (globalThis as unknown as PageWindow).cspViolations ?? [])
      .catch(() => []);
  }

  /** Before a screenshot: connected, and the transcript scrolled down to its last message. */
  async settled(): Promise<void> {
    await this.page.waitForFunction(
      () => {
        const { document } = globalThis as unknown as {
          document: {
            body: { innerText: string };
            querySelector(css: string): {
              scrollTop: number;
              clientHeight: number;
              scrollHeight: number;
            } | null;
          };
        };
        const scroller = document.querySelector('.webchat__basic-transcript__scrollable');
        return (
          !document.body.innerText.includes('Conectando') &&
          scroller !== null &&
          scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 4
        );
      },
      undefined,
      { timeout: 10_000 },
    );
  }

  /**
   * axe-core's serious and critical violations. axe is injected as a script, which the page's
   * policy forbids: the page must be in a context created with `bypassCSP`.
   */
  async seriousAccessibilityViolations(): Promise<{ id: string; targets: string[] }[]> {
    await this.page.addScriptTag({
      content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'),
    });
    const violations = await this.page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: {
            run(): Promise<{
              violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
            }>;
          };
        }
      ).axe;
      const result = await axe.run();
      return result.violations.map(({ id, impact, nodes }) => ({
        id,
        impact,
        targets: nodes.map((node) => JSON.stringify(node.target)),
      }));
    });
    return violations
      .filter(({ impact }) => impact === 'serious' || impact === 'critical')
      .map(({ id, targets }) => ({ id, targets }));
  }
}
