import { ref } from 'vue';

/** One short message at the bottom of the screen (read out by screen readers). */
export const toastText = ref('');
let timer: ReturnType<typeof setTimeout> | undefined;

export function toast(text: string): void {
  toastText.value = text;
  clearTimeout(timer);
  timer = setTimeout(() => (toastText.value = ''), 3000);
}
