// Voice input where the browser has it (Chrome on Android: webkitSpeechRecognition); elsewhere the
// microphone button is not shown at all.
interface Recognition {
  lang: string;
  interimResults: boolean;
  continuous: boolean;
  start(): void;
  stop(): void;
  onresult: ((e: { results: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }> }) => void) | null;
  onend: (() => void) | null;
  onerror: (() => void) | null;
}
type RecognitionClass = new () => Recognition;

function recognitionClass(): RecognitionClass | null {
  if (typeof window === 'undefined') return null;
  const w = window as unknown as { SpeechRecognition?: RecognitionClass; webkitSpeechRecognition?: RecognitionClass };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null;
}

export const voiceAvailable = (): boolean => recognitionClass() !== null;

/** Listens once; `onText` gets the final words. Returns a stop function. */
export function listen(lang: 'zh' | 'en', onText: (text: string) => void, onEnd: () => void): () => void {
  const Class = recognitionClass();
  if (!Class) {
    onEnd();
    return () => {};
  }
  const r = new Class();
  r.lang = lang === 'en' ? 'en-US' : 'zh-CN';
  r.interimResults = false;
  r.continuous = false;
  r.onresult = (e) => {
    let text = '';
    for (let i = 0; i < e.results.length; i++) {
      const result = e.results[i];
      if (result?.isFinal) text += result[0]?.transcript ?? '';
    }
    if (text) onText(text);
  };
  r.onend = onEnd;
  r.onerror = onEnd;
  r.start();
  return () => r.stop();
}
