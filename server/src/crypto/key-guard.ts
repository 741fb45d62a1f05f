// The database remembers which field key encrypted it: starting with another key (a changed
// CG_FIELD_KEY, a lost secrets folder) would make every stored ID and phone number unreadable,
// so start-up refuses instead.
import type { DbOrTx } from '../db/client.js';
import { getSetting, putSetting } from '../db/settings.js';

const KEY_ID = 'crypto.field_key_id';

export class FieldKeyMismatch extends Error {
  constructor(expected: string, actual: string) {
    super(
      `The field encryption key (id ${actual}) is not the one this database was written with (id ${expected}). ` +
        'Restore DATA_DIR/secrets/field.key or set CG_FIELD_KEY to the original key; do not start with a new one.',
    );
    this.name = 'FieldKeyMismatch';
  }
}

export async function guardFieldKey(db: DbOrTx, keyId: string): Promise<void> {
  const known = await getSetting<string>(db, KEY_ID);
  if (known === null) await putSetting(db, KEY_ID, keyId);
  else if (known !== keyId) throw new FieldKeyMismatch(known, keyId);
}
