import type { Browser } from 'playwright-core';

import { describeWithChromium, launchChromium } from '../support/chromium-browser';
import { startDirectLineBed, type DirectLineBed } from '../support/direct-line-bed';
import { FakeDirectLineService } from '../support/fake-direct-line-service';
import { Teardown } from '../support/teardown';
import { keptConversationKey, type KeptConversation } from '../support/web-chat-browser';

const secret = 'the-direct-line-channel-secret-of-the-page-test';

/**
 * The /chat page with DIRECT_LINE_SECRET set, in headless Chromium, coming back with what an
 * earlier visit kept: it trades its resume secret at the bot (not at the service), and keeps the
 * secret's successor at once. The fake service speaks only tokens and reconnects, so the page's
 * Direct Line connection itself is not the point here (direct-line-service-resume.test.ts has the
 * wire; web-chat-come-back.test.ts the whole visit on the embedded Direct Line).
 */
describeWithChromium(
  'coming back to /chat with the Direct Line service, in headless Chromium',
  () => {
    const service = new FakeDirectLineService(secret);
    let bed: DirectLineBed;
    let browser: Browser;
    const teardown = new Teardown();

    beforeAll(async () => {
      await service.start();
      teardown.add(() => service.stop());
      bed = await startDirectLineBed({
        environment: { DIRECT_LINE_SECRET: secret, DIRECT_LINE_BASE_URL: service.url },
      });
      teardown.add(() => bed.dispose());
      browser = await launchChromium();
      teardown.add(() => browser.close());
    }, 60_000);
    afterAll(() => teardown.run());

    it('when the page finds a kept conversation, then it resumes it through the bot, which reconnects with the secret, and keeps the next resume secret', async () => {
      const response = await fetch(`${bed.url}/api/directline/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const grant = (await response.json()) as KeptConversation & { resume: string };
      const kept: KeptConversation = {
        conversationId: grant.conversationId,
        domain: grant.domain,
        resume: grant.resume,
      };
      const context = await browser.newContext({
        storageState: {
          cookies: [],
          origins: [
            {
              origin: bed.url,
              localStorage: [{ name: keptConversationKey, value: JSON.stringify(kept) }],
            },
          ],
        },
      });
      try {
        const page = await context.newPage();
        const resumedAtTheBot = page.waitForResponse(
          (answer) =>
            answer.url() ===
              `${bed.url}/api/directline/conversations/${grant.conversationId}/resume` &&
            answer.request().method() === 'POST',
        );
        await page.goto(`${bed.url}/chat`);
        expect((await resumedAtTheBot).status()).toBe(200);
        await page.waitForFunction(
          ([key, first]) => {
            const text = (
              globalThis as unknown as { localStorage: { getItem(name: string): string | null } }
            ).localStorage.getItem(key);
            return text !== null && !text.includes(first);
          },
          [keptConversationKey, grant.resume] as const,
        );
        const now = JSON.parse(
          (await page.evaluate(
            (key) =>
              (
                globalThis as unknown as { localStorage: { getItem(name: string): string | null } }
              ).localStorage.getItem(key),
            keptConversationKey,
          )) ?? 'null',
        ) as KeptConversation;
        expect(now).toEqual({
          conversationId: grant.conversationId,
          domain: `${service.url}/v3/directline`,
          resume: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
        });
        expect(
          service.reconnects.filter(
            (reconnect) =>
              reconnect.conversationId === grant.conversationId &&
              reconnect.authorization === `Bearer ${secret}`,
          ),
        ).toHaveLength(1);
      } finally {
        await context.close();
      }
    });
  },
);
