import { describe, expect, it } from 'vitest';
import { chatwootUrlProblem, normalizeChatwootUrl } from '../../src/chatwoot/url-policy';

describe("a provider's Chatwoot base URL", () => {
  it.each([
    'https://app.chatwoot.com',
    'https://support.example.com/chatwoot/',
    'https://8.8.8.8:8443',
  ])('%s is accepted', (url) => {
    expect(chatwootUrlProblem(url, false)).toBeNull();
  });

  it.each([
    ['http://app.chatwoot.com', 'https'],
    ['https://localhost:3000', 'public host'],
    ['https://127.0.0.1', 'public host'],
    ['https://10.1.2.3', 'public host'],
    ['https://172.20.0.5', 'public host'],
    ['https://192.168.1.10', 'public host'],
    ['https://169.254.169.254', 'public host'],
    ['https://[::1]', 'public host'],
    ['https://[fd00::1]', 'public host'],
    // A documentation range: the connect-time guard (publicFetch) would refuse it too.
    ['https://203.0.113.7:8443', 'public host'],
    ['https://metadata.google.internal', 'public host'],
    ['https://user:secret@app.chatwoot.com', 'user name or password'],
    ['https://app.chatwoot.com/?token=x', 'query'],
  ])('%s is refused (%s)', (url, reason) => {
    expect(chatwootUrlProblem(url, false)).toContain(reason);
  });

  it('an operator may allow http and private addresses, never credentials in the URL', () => {
    expect(chatwootUrlProblem('http://127.0.0.1:3000', true)).toBeNull();
    expect(chatwootUrlProblem('http://a:b@127.0.0.1:3000', true)).toContain('password');
  });

  it('is stored without trailing slashes', () => {
    expect(normalizeChatwootUrl('https://support.example.com/chatwoot//')).toBe(
      'https://support.example.com/chatwoot',
    );
  });
});
