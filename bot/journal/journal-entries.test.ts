import type { Activity } from 'botbuilder';
import { ClaimsIdentity } from 'botframework-connector';

import {
  parseJournalEntry,
  restoreActivity,
  restoreAuthentication,
  storeActivity,
  storeAuthentication,
} from './journal-entries';

describe('journal entries', () => {
  it('when a message authenticated by the SDK is journaled and read back after a restart, then the same activity and claims come back', () => {
    const activity = {
      type: 'message',
      id: 'a1',
      timestamp: new Date('2026-03-02T15:04:05.000Z'),
      text: 'hola',
    } as Activity;
    // Without an app id the SDK gives a null callerId; a skill call gives no audience.
    const authentication = {
      claimsIdentity: new ClaimsIdentity([{ type: 'appid', value: 'x' }], true),
      audience: 'https://api.botframework.com',
      callerId: null as unknown as undefined,
    };
    const line: unknown = JSON.parse(
      JSON.stringify({
        kind: 'message',
        activity: storeActivity(activity),
        authentication: storeAuthentication(authentication),
        afterFailedTurn: false,
      }),
    );
    const entry = parseJournalEntry(line);
    expect(entry?.kind).toBe('message');
    if (entry?.kind !== 'message') return;
    expect(restoreActivity(entry.activity)).toEqual(activity);
    const restored = restoreAuthentication(entry.authentication, () => undefined);
    expect(restored.claimsIdentity.isAuthenticated).toBe(true);
    expect(restored.claimsIdentity.getClaimValue('appid')).toBe('x');
    expect(restored.audience).toBe('https://api.botframework.com');
  });
});
