import { describe, expect, it } from 'vitest';
import { notifyFields } from './notify-fields';

describe('notify fields', () => {
  it('merges query and body string fields', () => {
    expect(notifyFields({ a: '1' }, { b: '2' })).toEqual({ fields: { a: '1', b: '2' } });
    expect(notifyFields({ a: '1' }, undefined)).toEqual({ fields: { a: '1' } });
  });
  it('rejects type confusion: arrays, objects, numbers, booleans, null', () => {
    for (const v of [['1'], { x: '1' }, 1, true, null]) {
      expect(notifyFields({}, { sign: v })).toEqual({ reason: 'field_types' });
    }
    expect(notifyFields({}, 'a=1')).toEqual({ reason: 'field_types' });
    expect(notifyFields({}, [{ a: '1' }])).toEqual({ reason: 'field_types' });
  });
  it('rejects a field the query and the body disagree on', () => {
    expect(notifyFields({ amount: '1.00' }, { amount: '0.01' })).toEqual({ reason: 'field_conflict' });
    expect(notifyFields({ amount: '1.00' }, { amount: '1.00' })).toEqual({ fields: { amount: '1.00' } });
  });
});

describe('notify fields: prototype keys', () => {
  it('treats __proto__ as a plain field', () => {
    const r = notifyFields({}, JSON.parse('{"__proto__":"x","a":"1"}'));
    expect('fields' in r && r.fields.a).toBe('1');
    expect('fields' in r && Object.getPrototypeOf(r.fields)).toBe(null);
  });
});
