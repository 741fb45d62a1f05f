// The server's answer to a form, shown where it belongs: under the field it names (details.field,
// the path of a VALIDATION_FAILED, or the field an error code is about), else above the buttons.
import { reactive, ref } from 'vue';
import { ApiError } from '@/api/http';

/** Error codes that are about one field of the register's forms. */
const FIELD_OF_CODE: Record<string, string> = {
  INVALID_DOCUMENT: 'documentNumber',
  DUPLICATE_PERSON: 'documentNumber',
  INVALID_CREDIT_CODE: 'creditCode',
  DUPLICATE_CREDIT_CODE: 'creditCode',
  ROOM_EXISTS: 'room',
  INVALID_COMPONENT_CODE: 'code',
  COMPONENT_CODE_TAKEN: 'code',
  UNKNOWN_CATEGORY: 'categoryCode',
  OUTSIDE_GRID: 'lng',
  INCOMPLETE_POINT: 'lng',
  LANDLORD_REQUIRED: 'landlordName',
  DUPLICATE_TAG: 'key',
  ALREADY_TENANT: 'personId',
  ALREADY_MEMBER: 'personId',
  END_BEFORE_START: 'endDate',
};

function fieldOf(err: ApiError): string | undefined {
  const details = err.details as { field?: unknown } | { path?: string }[] | undefined;
  if (details && !Array.isArray(details) && typeof details.field === 'string') return details.field;
  if (Array.isArray(details) && details[0]?.path) return details[0].path.replace(/^\//, '').split('/')[0];
  return FIELD_OF_CODE[err.code];
}

export function useServerErrors() {
  const fields = reactive<Record<string, string>>({});
  const general = ref('');

  function clear(): void {
    for (const key of Object.keys(fields)) delete fields[key];
    general.value = '';
  }

  /**
   * Places an error of a write; `known` lists the fields the form shows (others go to the general
   * message). `rename` maps a server field to the form's (residenceFrom → the date range box).
   */
  function take(err: unknown, known: readonly string[], rename: Record<string, string> = {}): void {
    clear();
    if (!(err instanceof ApiError)) {
      general.value = String(err);
      return;
    }
    const raw = fieldOf(err);
    const field = raw ? (rename[raw] ?? raw) : undefined;
    if (field && known.includes(field)) fields[field] = err.message;
    else general.value = err.message;
  }

  return { fields, general, clear, take };
}
