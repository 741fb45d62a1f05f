// Where a webhook may send, checked without sending anything: every way of writing an inside
// address is refused, a name is refused when any of its addresses is inside, a public address
// passes (resolved from a table, never connected to), and WEBHOOK_ALLOW_HOSTS exempts listed hosts.
import { describe, expect, it } from 'vitest';
import { parseWebhookAllowHosts } from '../../config.js';
import { checkTarget, classifyAddress, parseTargetUrl, systemResolver, type TargetPolicy, type TargetRule } from './targets.js';
import { PUBLIC_ADDRESS, tableResolver } from './test-factories.js';

const resolve = tableResolver({
  'hooks.jinshui.example.cn': [PUBLIC_ADDRESS],
  'dual.example.cn': ['2606:2800:220:1:248:1893:25c8:1946', PUBLIC_ADDRESS],
  // DNS answering one outside and one inside address: the inside one refuses the name.
  'rebind.example.cn': [PUBLIC_ADDRESS, '127.0.0.1'],
  'metadata.example.cn': ['169.254.169.254'],
  'intranet.example.cn': ['10.20.30.40'],
  'v6-inside.example.cn': ['fd12:3456::1'],
  'hooks.internal.gov': ['10.1.2.4'],
  'empty.example.cn': [],
});
const policy = (allow = ''): TargetPolicy => ({ allow: parseWebhookAllowHosts(allow), resolve });

async function verdict(raw: string, p: TargetPolicy = policy()): Promise<TargetRule | 'ok' | string> {
  const parsed = parseTargetUrl(raw);
  if ('problem' in parsed) return `url:${parsed.problem}`;
  const r = await checkTarget(parsed.url, p);
  return r.ok ? 'ok' : r.rule;
}

describe('webhook target rules', () => {
  it.each<[string, TargetRule | 'ok' | string]>([
    ['http://127.0.0.1/hook', 'loopback'],
    ['http://127.1.2.3:8080/hook', 'loopback'],
    ['http://2130706433/hook', 'loopback'], // decimal 127.0.0.1
    ['http://0x7f.1/hook', 'loopback'], // hex and a short form
    ['http://0177.0.0.1/hook', 'loopback'], // octal
    ['http://0/hook', 'unspecified'], // 0.0.0.0
    ['http://0.0.0.0:3000/hook', 'unspecified'],
    ['http://[::]/hook', 'unspecified'],
    ['http://[::1]/hook', 'loopback'],
    ['http://[::ffff:127.0.0.1]/hook', 'loopback'], // IPv4-mapped
    ['http://[::ffff:169.254.169.254]/latest/meta-data/', 'link-local'],
    ['http://[::ffff:a9fe:a9fe]/latest/meta-data/', 'link-local'],
    ['http://[::127.0.0.1]/hook', 'loopback'], // IPv4-compatible (deprecated)
    ['http://[64:ff9b::10.0.0.1]/hook', 'private'], // NAT64 of an inside address
    ['http://[64:ff9b::7f00:1]/hook', 'loopback'],
    ['http://[2002:7f00:1::1]/hook', 'loopback'], // 6to4 around 127.0.0.1
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[fe80::1]/hook', 'link-local'],
    ['http://10.0.0.1/hook', 'private'],
    ['http://172.16.0.1/hook', 'private'],
    ['http://172.31.255.255/hook', 'private'],
    ['http://192.168.1.1/hook', 'private'],
    ['http://100.64.0.1/hook', 'shared'], // carrier-grade NAT
    ['http://[fd00::1]/hook', 'unique-local'],
    ['http://224.0.0.1/hook', 'multicast'],
    ['http://[ff02::1]/hook', 'multicast'],
    ['http://255.255.255.255/hook', 'broadcast'],
    ['http://240.0.0.1/hook', 'reserved'],
    ['http://192.0.2.10/hook', 'reserved'], // documentation
    ['http://[2001:db8::1]/hook', 'reserved'],
    ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook', 'reserved'], // Teredo
    ['http://metadata.example.cn/hook', 'link-local'],
    ['http://intranet.example.cn/hook', 'private'],
    ['http://v6-inside.example.cn/hook', 'unique-local'],
    ['http://rebind.example.cn/hook', 'loopback'],
    ['http://nowhere.example.cn/hook', 'unresolvable'],
    ['http://empty.example.cn/hook', 'unresolvable'],
    [`http://${PUBLIC_ADDRESS}/hook`, 'ok'],
    ['https://hooks.jinshui.example.cn/api/civicgrid', 'ok'],
    ['https://dual.example.cn/api', 'ok'],
    ['http://[2606:2800:220:1:248:1893:25c8:1946]/hook', 'ok'],
    ['http://[::ffff:93.184.216.34]/hook', 'ok'], // mapped public address
    ['http://[64:ff9b::93.184.216.34]/hook', 'ok'], // NAT64 of a public address
    ['ftp://hooks.jinshui.example.cn/', 'url:scheme'],
    ['file:///etc/passwd', 'url:scheme'],
    ['https://user:pass@hooks.jinshui.example.cn/', 'url:credentials'],
    ['http://', 'url:invalid'],
  ])('%s → %s', async (url, expected) => {
    expect(await verdict(url)).toBe(expected);
  });

  it('a name is looked up with every address; the address checked is the one to connect to', async () => {
    const parsed = parseTargetUrl('https://dual.example.cn/api');
    if (!('url' in parsed)) throw new Error('parse');
    const r = await checkTarget(parsed.url, policy());
    expect(r).toMatchObject({ ok: true, address: { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 } });
    expect(resolve.asked).toContain('dual.example.cn');
  });

  it('localhost is loopback: by name (RFC 6761) and through the system resolver', async () => {
    expect(await verdict('http://localhost:3000/hook', { allow: [] })).toBe('loopback');
    expect(await verdict('http://LOCALHOST./hook', { allow: [] })).toBe('loopback');
    expect(await verdict('http://admin.localhost/hook', { allow: [] })).toBe('loopback');
    const addresses = await systemResolver('localhost');
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.map((a) => classifyAddress(a.address))).toEqual(addresses.map(() => 'loopback'));
    // A name resolving to loopback is refused through the resolver too.
    expect(await verdict('http://hooks.example.cn/x', { allow: [], resolve: async () => addresses })).toBe('loopback');
  });

  it('WEBHOOK_ALLOW_HOSTS exempts the listed host, on the listed port only when one is given', async () => {
    const allow = 'hooks.internal.gov:8443,10.1.2.3,[fd00::1]';
    expect(await verdict('https://hooks.internal.gov:8443/civicgrid', policy(allow))).toBe('ok');
    expect(await verdict('https://HOOKS.internal.gov:8443/civicgrid', policy(allow))).toBe('ok');
    expect(await verdict('https://hooks.internal.gov/civicgrid', policy(allow))).toBe('private'); // port 443
    expect(await verdict('http://10.1.2.3/hook', policy(allow))).toBe('ok');
    expect(await verdict('http://10.1.2.3:9000/hook', policy(allow))).toBe('ok');
    expect(await verdict('http://167838211/hook', policy(allow))).toBe('ok'); // 10.1.2.3 written in decimal
    expect(await verdict('http://10.1.2.4/hook', policy(allow))).toBe('private');
    expect(await verdict('http://[fd00::1]:8080/hook', policy(allow))).toBe('ok');
    expect(await verdict('http://127.0.0.1/hook', policy(allow))).toBe('loopback');
    // Allowed, but a name still has to resolve: there is nothing to connect to otherwise.
    expect(await verdict('http://nowhere.internal.gov/hook', policy('nowhere.internal.gov'))).toBe('unresolvable');
  });

  it('WEBHOOK_ALLOW_HOSTS takes host or host:port and refuses anything else', () => {
    expect(parseWebhookAllowHosts(undefined)).toEqual([]);
    expect(parseWebhookAllowHosts(' hooks.internal.gov:8443, 10.1.2.3 ,[FD00::1]:443,Intranet')).toEqual([
      { host: 'hooks.internal.gov', port: 8443 },
      { host: '10.1.2.3', port: null },
      { host: '[fd00::1]', port: 443 },
      { host: 'intranet', port: null },
    ]);
    for (const bad of ['http://hooks.internal.gov', 'hooks.internal.gov/path', 'fd00::1', 'host:0', 'host:70000', 'user@host', '[zz::1]', '*.internal.gov', '10.0.0.0/8']) {
      expect(() => parseWebhookAllowHosts(bad), bad).toThrow(/WEBHOOK_ALLOW_HOSTS/);
    }
  });

  it('classifies bare addresses, and anything that is not an address is not public', () => {
    expect(classifyAddress(PUBLIC_ADDRESS)).toBeNull();
    expect(classifyAddress('8.8.8.8')).toBeNull();
    expect(classifyAddress('172.32.0.1')).toBeNull(); // just outside 172.16/12
    expect(classifyAddress('100.128.0.1')).toBeNull(); // just outside 100.64/10
    expect(classifyAddress('fe80::1%eth0')).toBe('link-local');
    expect(classifyAddress('::ffff:0:10.0.0.1')).toBe('private'); // IPv4-translated
    expect(classifyAddress('64:ff9b:1::1')).toBe('private'); // local-use NAT64
    expect(classifyAddress('fec0::1')).toBe('private'); // site-local
    expect(classifyAddress('100::1')).toBe('reserved'); // discard-only
    expect(classifyAddress('4000::1')).toBe('reserved'); // outside global unicast
    expect(classifyAddress('hooks.example.cn')).toBe('reserved');
  });
});
