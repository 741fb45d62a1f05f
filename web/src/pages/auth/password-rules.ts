import { passwordProblem as policyProblem } from '@core/password-policy';

// The same policy the server applies (core/src/password-policy.ts), checked early for a quick answer.
const messages = {
  TOO_SHORT: 'auth.rule.minLength',
  TOO_LONG: 'auth.rule.maxLength',
  NEEDS_LETTER_AND_DIGIT: 'auth.rule.lettersDigits',
  SAME_AS_USERNAME: 'auth.rule.notUsername',
} as const;

/** Why a new password is refused, as an i18n key; null when it passes (the server checks again). */
export function passwordProblem(password: string, username: string, current: string): string | null {
  const problem = policyProblem(password, username);
  if (problem) return messages[problem];
  if (password === current) return 'auth.rule.notCurrent';
  return null;
}
