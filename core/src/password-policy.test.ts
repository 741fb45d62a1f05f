import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generatePassword, passwordProblem } from './password-policy.js';

describe('password policy', () => {
  it('names the first rule broken', () => {
    expect(passwordProblem('short1', 'zhang')).toBe('TOO_SHORT');
    expect(passwordProblem('onlyletterslong', 'zhang')).toBe('NEEDS_LETTER_AND_DIGIT');
    expect(passwordProblem('1234567890', 'zhang')).toBe('NEEDS_LETTER_AND_DIGIT');
    expect(passwordProblem('Zhang2026abc', 'zhang')).toBe('SAME_AS_USERNAME');
    expect(passwordProblem('Huayuanlu2026', 'zhang')).toBeNull();
  });
  it('generates passwords that pass it', () => {
    for (let i = 0; i < 200; i++) expect(passwordProblem(generatePassword((n) => randomBytes(n)), 'admin')).toBeNull();
  });
});
