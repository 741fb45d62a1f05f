// When grids are re-drawn (网格调整), the living register and the people follow the map. geo/edit.ts
// builds one Rehoming per split or merge and hands it to each owning module's rehomeFrom(), which
// moves its own rows inside the same transaction and answers a Moved count per kind.
import { pointInGeometry } from '../../../../core/src/geo/pip.js';
import { areaM2, pointOnSurface } from '../../../../core/src/geo/measure.js';
import type { AreaGeometry, Position } from '../../../../core/src/geo/types.js';
import type { REHOME_KINDS } from './schema.js';

/** A new grid records go to. */
export interface RehomeTarget {
  id: number;
  path: string;
}

/** Where a record went and whether it was placed by location or by the fallback rule. */
export interface Placement {
  to: RehomeTarget;
  fallback: boolean;
}

/** The move of one split or merge: every module reads the same rule from here. */
export interface Rehoming {
  /** The retired grids whose rows move. */
  from: number[];
  /** The new grids; in a split the fallback piece first. */
  targets: RehomeTarget[];
  /** A split's piece for records without a usable location (null in a merge). */
  fallback: RehomeTarget | null;
  /** A point → its new grid; null (no location, or outside every piece) → the fallback grid. */
  place(p: Position | null): Placement;
  /** A record that follows another (a dwelling its building): the grid the other is on now, if a target. */
  follow(orgUnitId: number | null): Placement;
}

/** What one kind of record did: how many moved, how many by the fallback rule, and where to. */
export interface Moved {
  kind: RehomeKind;
  moved: number;
  /** Records without a usable location put on the fallback piece (always 0 in a merge). */
  byFallback: number;
  to: Array<{ gridId: number; count: number }>;
}

export type RehomeKind = (typeof REHOME_KINDS)[number];

/** A binding (team member, user scope) that was not carried to a new grid, and why. */
export interface NotCarried {
  kind: 'teamMember' | 'userBinding';
  name: string;
  gridId: number;
  reason: 'cap';
}

/** Merge: one destination for everything. */
export function mergeRehoming(from: number[], merged: RehomeTarget): Rehoming {
  const all: Placement = { to: merged, fallback: false };
  return { from, targets: [merged], fallback: null, place: () => all, follow: () => all };
}

/**
 * Split: a point goes to the piece it lies in (a point on the cut belongs to the first piece, as
 * the locator gives a shared edge to the smaller node id). Records without a location, or whose
 * point lies outside both pieces, go to the fallback piece: the one holding the old grid's label
 * point (its point on surface), or the larger piece when the label point lies on the cut.
 */
export function splitRehoming(from: number, old: AreaGeometry, pieces: Array<{ target: RehomeTarget; geometry: AreaGeometry }>): Rehoming {
  const label = pointOnSurface(old);
  const holding = pieces.filter((p) => pointInGeometry(label, p.geometry) === 'inside');
  const fallbackPiece = holding.length === 1 ? holding[0]! : [...pieces].sort((x, y) => areaM2(y.geometry) - areaM2(x.geometry))[0]!;
  const fallback: Placement = { to: fallbackPiece.target, fallback: true };
  const byId = new Map(pieces.map((p) => [p.target.id, p.target]));
  return {
    from: [from],
    targets: [fallbackPiece.target, ...pieces.map((p) => p.target).filter((t) => t.id !== fallbackPiece.target.id)],
    fallback: fallbackPiece.target,
    place(p) {
      if (!p) return fallback;
      const hit = pieces.find((piece) => pointInGeometry(p, piece.geometry) !== 'outside');
      return hit ? { to: hit.target, fallback: false } : fallback;
    },
    follow(orgUnitId) {
      const to = orgUnitId === null ? undefined : byId.get(orgUnitId);
      return to ? { to, fallback: false } : fallback;
    },
  };
}

/** Groups placed rows by destination (for one UPDATE per destination) and counts them. */
export function tally<R extends { id: number }>(kind: RehomeKind, placed: Array<{ row: R; at: Placement }>) {
  const groups = new Map<number, { to: RehomeTarget; ids: number[] }>();
  let byFallback = 0;
  for (const { row, at } of placed) {
    if (at.fallback) byFallback++;
    const g = groups.get(at.to.id) ?? { to: at.to, ids: [] };
    g.ids.push(row.id);
    groups.set(at.to.id, g);
  }
  const moved: Moved = { kind, moved: placed.length, byFallback, to: [...groups.values()].map((g) => ({ gridId: g.to.id, count: g.ids.length })) };
  return { groups: [...groups.values()], moved };
}
