// Photos are shrunk on the phone before they are queued: ≤ 1600 px on the long side, JPEG ≤ 300 KB
// (CONTRACT.md), so a weak network carries them and the outbox stays small.
const MAX_SIDE = 1600;
const MAX_BYTES = 300 * 1024;

function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
}

export async function shrinkPhoto(file: Blob): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return file; // Not decodable here: the server judges it.
  }
  let scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  for (let round = 0; round < 4; round++) {
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.82, 0.7, 0.55]) {
      const blob = await toJpeg(canvas, quality);
      if (blob && blob.size <= MAX_BYTES) {
        bitmap.close();
        return blob;
      }
    }
    scale *= 0.7;
  }
  bitmap.close();
  return file;
}
