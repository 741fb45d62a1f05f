// Files the register hands out (templates, exports): fetched here so an error shows as a message
// instead of a page of JSON, then saved under the name the server gives.
import { ElMessage } from 'element-plus';
import { i18n } from '@/i18n';

function filenameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star) return decodeURIComponent(star[1]!);
  const plain = /filename="([^"]+)"/i.exec(disposition ?? '');
  return plain ? plain[1]! : fallback;
}

/** Downloads a cookie-authenticated GET; answers the row count the server reports, if any. */
export async function downloadFile(url: string, fallbackName: string): Promise<number | null> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch {
    ElMessage.error(i18n.global.t('common.networkError'));
    return null;
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    ElMessage.error(body?.error?.message ?? i18n.global.t('common.httpError', { status: res.status }));
    return null;
  }
  const blob = await res.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filenameOf(res.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  const rows = res.headers.get('x-row-count');
  return rows === null ? null : Number(rows);
}
