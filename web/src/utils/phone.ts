// Whether the console is on a phone-sized screen (a grid worker in the field): the menu folds to
// icons, forms put labels above their fields and dialogs take the screen's width.
import { ref } from 'vue';

const query = typeof window !== 'undefined' ? window.matchMedia('(max-width: 768px)') : null;
export const isPhone = ref(query?.matches ?? false);
query?.addEventListener('change', (e) => (isPhone.value = e.matches));
