import { describe, expect, it } from 'vitest';
import { guardedFetch, OutboundBlockedError, outboundProblem } from './outbound-guard';

describe('outboundProblem', () => {
  it('allows public https hosts by name and public addresses', () => {
    for (const url of [
      'https://client.example/m.json',
      'https://8.8.8.8/m.json',
      'https://[2606:4700::1111]/m.json',
      'https://client.example:443/m.json',
    ]) {
      expect(outboundProblem(new URL(url)), url).toBeUndefined();
    }
  });

  it('refuses private, loopback, link-local, CGNAT, ULA, mapped and internal targets in every spelling the URL parser accepts', () => {
    for (const url of [
      'http://client.example/m.json',
      'https://127.1/m',
      'https://017700000001/m',
      'https://0x7f000001/m',
      'https://10.1.2.3/m',
      'https://172.31.255.255/m',
      'https://192.168.0.1/m',
      'https://169.254.169.254/m',
      'https://100.127.255.255/m',
      'https://0.0.0.0/m',
      'https://255.255.255.255/m',
      'https://[::]/m',
      'https://[::1]/m',
      'https://[0:0:0:0:0:ffff:7f00:1]/m',
      'https://[::ffff:10.0.0.1]/m',
      'https://[fc00::1]/m',
      'https://[fe80::1%25eth0]/m'.replace('%25eth0', ''),
      'https://[ff02::1]/m',
      'https://[2002:7f00:1::]/m',
      'https://LOCALHOST/m',
      'https://a.b.localhost./m',
      'https://intranet/m',
      'https://svc.internal/m',
      'https://x.local/m',
      'https://user:pw@client.example/m',
      'https://client.example:8443/m',
    ]) {
      expect(outboundProblem(new URL(url)), url).toBeDefined();
    }
  });
});

describe('guardedFetch', () => {
  const trusted = new Set(['http://127.0.0.1:8788']);
  it('passes trusted origins (the configured Microsoft hosts) untouched, even on loopback http', async () => {
    const seen: string[] = [];
    const fetcher = guardedFetch(
      async (input) => {
        seen.push(new Request(input).url);
        return new Response('ok');
      },
      () => trusted,
    );
    expect(await (await fetcher('http://127.0.0.1:8788/organizations/oauth2/v2.0/token')).text()).toBe('ok');
    expect(seen).toEqual(['http://127.0.0.1:8788/organizations/oauth2/v2.0/token']);
  });

  it('re-checks every redirect hop and never requests a private hop', async () => {
    const seen: string[] = [];
    const fetcher = guardedFetch(
      async (input) => {
        const url = new Request(input).url;
        seen.push(url);
        return new Response(null, { status: 302, headers: { location: 'http://127.0.0.1/admin' } });
      },
      () => trusted,
    );
    await expect(fetcher('https://client.example/m.json')).rejects.toBeInstanceOf(OutboundBlockedError);
    expect(seen).toEqual(['https://client.example/m.json']);
  });
});
