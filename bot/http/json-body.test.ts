import { isJsonContentType } from './json-body';

describe('isJsonContentType', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset="UTF-8"',
  ])('when a request declares %p, then it is JSON', (header) => {
    expect(isJsonContentType(header)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    'text/plain',
    'application/json; charset=latin1',
    'application/jsonx',
  ])('when a request declares %p, then it is not', (header) => {
    expect(isJsonContentType(header)).toBe(false);
  });
});
