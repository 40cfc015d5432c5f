import { describe, expect, it } from 'vitest';
import { maskKey } from './mask-key';

describe('maskKey', () => {
  it('shows the first and last two characters of keys of 8 or more characters', () => {
    expect(maskKey('ABCDEFGH')).toBe('AB••••GH');
    expect(maskKey('AB12-CD34-EF56----pw99')).toBe('AB' + '•'.repeat(16) + '99');
  });
  it('hides short keys completely', () => {
    expect(maskKey('ABCDEFG')).toBe('•••••••');
    expect(maskKey('')).toBe('');
  });
  it('counts characters, not UTF-16 units', () => {
    expect(maskKey('卡密卡密卡密卡密')).toBe('卡密••••卡密');
  });
});
