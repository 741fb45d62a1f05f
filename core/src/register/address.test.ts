import { describe, expect, it } from 'vitest';
import { buildingPlace, dwellingAddress } from './address.js';

describe('dwelling addresses', () => {
  it('writes a room the way the door does, without spaces, so fragments match', () => {
    const place = buildingPlace({ address: null, name: '3号楼' }, '通信花园社区');
    expect(dwellingAddress(place, '2', '501')).toBe('通信花园社区3号楼2单元501室');
    expect(dwellingAddress(place, '2', '501')).toContain('3号楼2单元');
    expect(dwellingAddress('花园路38号院1号楼', '2单元', '501室')).toBe('花园路38号院1号楼2单元501室');
    expect(dwellingAddress('纬五路21号', null, '底商3')).toBe('纬五路21号底商3室');
  });

  it('prefers the building’s own address', () => {
    expect(buildingPlace({ address: '农业路72号院5号楼', name: '5号楼' }, '通信花园社区')).toBe('农业路72号院5号楼');
  });
});
