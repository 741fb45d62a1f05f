import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from './masking.js';

const hiddenShare = (masked: string) => [...masked].filter((c) => c === '*').length / [...masked].length;

describe('maskIdNumber', () => {
  it('keeps the region code and the last four of an ID card number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber(' 11010519491231002X ')).toBe('110105********002X');
    expect(maskIdNumber('110105491231002')).toBe('110105*****1002');
  });
  it('hides at least half of shorter document numbers', () => {
    expect(maskIdNumber('E12345678')).toBe('E1*****78');
    expect(maskIdNumber('H1234567890')).toBe('H1*******90');
    expect(maskIdNumber('01234567')).toBe('01****67');
    expect(maskIdNumber('AB123')).toBe('A***3');
    for (const value of ['E12345678', 'H1234567890', '01234567', 'AB123', 'ABCD', 'E1234567890123']) {
      expect(hiddenShare(maskIdNumber(value))).toBeGreaterThanOrEqual(0.5);
    }
  });
  it('is safe on short, empty and missing input', () => {
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('1')).toBe('*');
    expect(maskIdNumber('123')).toBe('***');
    expect(maskIdNumber(null)).toBe('');
    expect(maskIdNumber(undefined)).toBe('');
  });
});

describe('maskPhone', () => {
  it('masks the middle four digits of a mobile', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
    expect(maskPhone('+86 13812345678')).toBe('+86 138****5678');
    expect(maskPhone('+8613812345678')).toBe('+86138****5678');
  });
  it('keeps the area code and last four of a landline', () => {
    expect(maskPhone('0371-63821106')).toBe('0371-****1106');
    expect(maskPhone('010-62345678')).toBe('010-****5678');
    expect(maskPhone('(0371)63821106')).toBe('(0371)****1106');
    expect(maskPhone('0371 63821106')).toBe('0371 ****1106');
    expect(maskPhone('0371-6382110')).toBe('0371-****110');
    expect(maskPhone('0371-63821106-801')).toBe('0371-****1106-801');
    expect(maskPhone('0371-63821106转801')).toBe('0371-****1106转801');
  });
  it('finds the area code of a landline typed without separator', () => {
    expect(maskPhone('037163821106')).toBe('0371****1106');
    expect(maskPhone('01062345678')).toBe('010****5678');
    expect(maskPhone('02162345678')).toBe('021****5678');
  });
  it('masks a local number without area code', () => {
    expect(maskPhone('63821106')).toBe('****1106');
    expect(maskPhone('6382110')).toBe('****110');
  });
  it('masks anything else but a short tail', () => {
    expect(maskPhone('12345')).toBe('****5');
    expect(maskPhone('+44 20 7946 0958')).toBe('+** ** **** 0958');
    expect(maskPhone('call me')).toBe('**** me');
  });
  it('is safe on short, empty and missing input', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone('  ')).toBe('');
    expect(maskPhone('1')).toBe('*');
    expect(maskPhone('12')).toBe('**');
    expect(maskPhone(null)).toBe('');
    expect(maskPhone(undefined)).toBe('');
  });
});

describe('maskName', () => {
  it('keeps the first and last character of a Chinese name', () => {
    expect(maskName('张美荣')).toBe('张*荣');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('张')).toBe('*');
  });
  it('masks each part of a name with a separator', () => {
    expect(maskName('阿依古丽·买买提')).toBe('阿**丽·买*提');
    expect(maskName('John Smith')).toBe('J**n S***h');
    expect(maskName('Jean-Luc Li')).toBe('J**n-L*c L*');
  });
  it('counts characters outside the Basic Multilingual Plane as one', () => {
    // 𠮷 (U+20BB7) is written with two UTF-16 code units.
    expect(maskName('𠮷美荣')).toBe('𠮷*荣');
    expect(maskName('王𠮷')).toBe('王*');
  });
  it('is safe on empty and missing input', () => {
    expect(maskName('')).toBe('');
    expect(maskName('   ')).toBe('');
    expect(maskName(null)).toBe('');
    expect(maskName(undefined)).toBe('');
  });
});
