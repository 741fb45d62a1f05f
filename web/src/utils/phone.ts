// Whether the console is on a phone-sized screen (a grid worker in the field): the menu becomes a
// drawer, lists become cards (CardTable) and forms put labels above their fields.
import { ref } from 'vue';

const query = typeof window !== 'undefined' ? window.matchMedia('(max-width: 768px)') : null;
export const isPhone = ref(query?.matches ?? false);
query?.addEventListener('change', (e) => (isPhone.value = e.matches));
