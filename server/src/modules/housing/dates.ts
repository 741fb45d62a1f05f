// Dates of the rental ledger and residence registration: 'YYYY-MM-DD' text that must be a real
// calendar day, and periods whose end is not before their start.
import { isIsoDate } from '../../../../core/src/register/person-fields.js';
import { badRequest } from '../../errors.js';

/** Checks an optional start and end (field names as the request spells them); throws 400. */
export function checkPeriod(start: { field: string; value: string | null | undefined }, end: { field: string; value: string | null | undefined }) {
  for (const d of [start, end]) {
    if (d.value && !isIsoDate(d.value)) {
      throw badRequest('INVALID_DATE', { zh: `日期「${d.value}」不存在`, en: `${d.value} is not a calendar date` }, { field: d.field });
    }
  }
  if (start.value && end.value && end.value < start.value) {
    throw badRequest('END_BEFORE_START', { zh: '结束日期早于开始日期', en: 'The end date is before the start date' }, { field: end.field });
  }
}
