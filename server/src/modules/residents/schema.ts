// Request and response shapes of the residents' sign-in (/api/public/resident/…).
import Type from 'typebox';
import { Nullable, Timestamp } from '../../http/schemas.js';

export const MobilePhone = Type.String({ minLength: 11, maxLength: 20, pattern: '^[+0-9 -]+$', description: 'a mainland mobile number (11 digits; spaces, dashes and +86 are allowed)' });

export const CodeBody = Type.Object({ phone: MobilePhone }, { additionalProperties: false });

export const CodeSent = Type.Object({
  sent: Type.Boolean({ description: 'always true: the answer is the same for a known and a new phone' }),
  expiresInS: Type.Integer({ description: 'the code is good this long' }),
  resendAfterS: Type.Integer({ description: 'a new code may be asked for after this long' }),
});

export const SessionBody = Type.Object(
  { phone: MobilePhone, code: Type.String({ pattern: '^[0-9]{6}$', description: 'the six digits of the text message' }) },
  { additionalProperties: false },
);

export const Profile = Type.Object({
  phoneMasked: Type.String({ description: '138****5678' }),
  displayName: Nullable(Type.String({ description: 'the name last given when filing' })),
  since: Timestamp,
});

export const SignedIn = Type.Object({ resident: Profile });
export const MeAnswer = Type.Object({ resident: Nullable(Profile) }, { description: 'resident: null when nobody is signed in' });
