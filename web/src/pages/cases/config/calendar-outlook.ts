// The provisional days ahead, shared by the header notice and the calendar page: the page refreshes
// it after a change of the calendar, so the notice goes as soon as the year is imported or confirmed.
import { ref } from 'vue';
import { caseConfigApi, type CalendarOutlook } from '@/api/case-config';

export const calendarOutlook = ref<CalendarOutlook | null>(null);

export async function refreshCalendarOutlook(): Promise<void> {
  calendarOutlook.value = await caseConfigApi.outlook().catch(() => null);
}
