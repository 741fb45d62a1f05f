// Password rules for staff accounts. Returns the reason code of the first rule broken.

export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'NEEDS_LETTER_AND_DIGIT' | 'SAME_AS_USERNAME';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export function passwordProblem(password: string, username: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN) return 'TOO_SHORT';
  if (password.length > PASSWORD_MAX) return 'TOO_LONG';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'NEEDS_LETTER_AND_DIGIT';
  if (password.toLowerCase().includes(username.toLowerCase())) return 'SAME_AS_USERNAME';
  return null;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A random initial password that satisfies the policy (shown once, changed at first sign-in). */
export function generatePassword(randomBytes: (n: number) => Uint8Array, length = 14): string {
  for (;;) {
    const bytes = randomBytes(length);
    let out = '';
    // 256 % 56 != 0 leaves a tiny bias; acceptable for a one-time password that must be changed.
    for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
    if (passwordProblem(out, '\u0000') === null) return out;
  }
}
