import {
  defaultServiceUrlAllowlist,
  isServiceUrlAllowed,
  parseServiceUrlAllowlist,
} from './service-url-allowlist';

describe('serviceUrl allow-list', () => {
  const loopback = parseServiceUrlAllowlist(defaultServiceUrlAllowlist).origins;

  it.each([
    'http://localhost:54321',
    'http://localhost:54321/',
    'http://127.0.0.1:9/v3/',
    'http://[::1]:3979',
    'http://LOCALHOST:1',
  ])('when the Emulator or a local test sends %s, then the default list allows it', (url) => {
    expect(isServiceUrlAllowed(url, loopback)).toBe(true);
  });

  it.each([
    'https://localhost:54321',
    'http://127.0.0.2:80',
    'http://attacker.example:80/',
    'http://localhost.attacker.example:1/',
    'http://169.254.169.254/latest/meta-data/',
    'not a url',
  ])('when an activity names %s, then the default list refuses it', (url) => {
    expect(isServiceUrlAllowed(url, loopback)).toBe(false);
  });

  it('when an origin names a port, then only that port is allowed', () => {
    const { origins, problems } = parseServiceUrlAllowlist(
      ' https://smba.trafficmanager.net , http://localhost:3979',
    );
    expect(problems).toEqual([]);
    expect(isServiceUrlAllowed('https://smba.trafficmanager.net/amer/', origins)).toBe(true);
    expect(isServiceUrlAllowed('https://smba.trafficmanager.net:8443/', origins)).toBe(false);
    expect(isServiceUrlAllowed('http://localhost:3979/', origins)).toBe(true);
    expect(isServiceUrlAllowed('http://localhost:3978/', origins)).toBe(false);
  });

  it.each([
    'localhost:*',
    'ftp://host',
    'http://host/path',
    'http://user:pw@host',
    'http://h:1:*',
    '',
  ])('when the list holds %p, then it is refused with a reason', (entry) => {
    expect(parseServiceUrlAllowlist(entry).problems).toHaveLength(1);
  });
});
