// Exact geometric predicates on doubles. Locating a report on a shared grid edge must give the
// same answer on every server, so "is this point on the line" cannot depend on rounding.

// Shewchuk's error bound for the floating-point orientation determinant: (3 + 16ε)ε, ε = 2^-53.
const ORIENT_ERR_BOUND = 3.3306690738754716e-16;

/**
 * Sign of the orientation of c relative to the directed line a→b: > 0 when c lies to the left
 * (a, b, c counter-clockwise), < 0 to the right, 0 exactly on the line. The sign is exact.
 */
export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const detLeft = (ax - cx) * (by - cy);
  const detRight = (ay - cy) * (bx - cx);
  const det = detLeft - detRight;
  const bound = ORIENT_ERR_BOUND * (Math.abs(detLeft) + Math.abs(detRight));
  if (det > bound || -det > bound || bound === 0) return det;
  return orientExact(ax, ay, bx, by, cx, cy);
}

const view = new DataView(new ArrayBuffer(8));

/** A finite double as mantissa × 2^exponent with an integer mantissa. */
function split(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  const fracHi = hi & 0xfffff;
  const mantissa = expBits === 0 ? fracHi * 2 ** 32 + lo : (fracHi + 0x100000) * 2 ** 32 + lo;
  const m = BigInt(mantissa);
  return [hi >>> 31 ? -m : m, expBits === 0 ? -1074 : expBits - 1075];
}

/** The orientation determinant in exact integer arithmetic (rarely needed: near-degenerate cases). */
export function orientExact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const parts = [ax, ay, bx, by, cx, cy].map(split);
  const minExp = Math.min(...parts.map(([m, e]) => (m === 0n ? Infinity : e)));
  if (minExp === Infinity) return 0;
  const [AX, AY, BX, BY, CX, CY] = parts.map(([m, e]) => (m === 0n ? 0n : m << BigInt(e - minExp))) as [
    bigint, bigint, bigint, bigint, bigint, bigint,
  ];
  const det = (AX - CX) * (BY - CY) - (AY - CY) * (BX - CX);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

/** True when c lies on the closed segment a–b (exact). */
export function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  if (cx < Math.min(ax, bx) || cx > Math.max(ax, bx) || cy < Math.min(ay, by) || cy > Math.max(ay, by)) return false;
  return orient(ax, ay, bx, by, cx, cy) === 0;
}
