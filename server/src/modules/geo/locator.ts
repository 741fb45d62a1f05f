// The point-to-grid locator: an in-memory LocateIndex over the deepest drawn boundaries, rebuilt
// when the geometry revision in the database moves (so every instance stays current).
import { LocateIndex } from '../../../../core/src/geo/locate-index.js';
import type { AreaGeometry } from '../../../../core/src/geo/types.js';
import type { DbOrTx } from '../../db/client.js';
import * as repo from './repo.js';

interface Loaded {
  revision: number;
  index: LocateIndex;
  paths: Map<number, string>;
}

// How long an instance trusts its index before asking the database for the revision again.
const REVISION_CHECK_MS = 1000;

export class Locator {
  private loaded: Loaded | null = null;
  private loading: Promise<Loaded> | null = null;
  private checkedAt = 0;

  /** Drops the index at once (this instance changed the geometry). */
  invalidate() {
    this.checkedAt = 0;
  }

  private async build(db: DbOrTx, revision: number): Promise<Loaded> {
    const rows = await repo.leafGeometries(db);
    const index = LocateIndex.build(rows.map((r) => ({ id: r.id, geometry: r.geometry as AreaGeometry })));
    return { revision, index, paths: new Map(rows.map((r) => [r.id, r.path])) };
  }

  async current(db: DbOrTx): Promise<Loaded> {
    const now = Date.now();
    if (this.loaded && now - this.checkedAt < REVISION_CHECK_MS) return this.loaded;
    // Callers arriving while the revision is being read keep the loaded index meanwhile.
    if (this.loaded) this.checkedAt = now;
    const revision = await repo.getRevision(db);
    this.checkedAt = now;
    if (this.loaded && this.loaded.revision === revision) return this.loaded;
    // One rebuild at a time; concurrent callers share it.
    this.loading ??= this.build(db, revision).finally(() => (this.loading = null));
    this.loaded = await this.loading;
    return this.loaded;
  }

  /** The node id and path of the deepest boundary containing the WGS-84 point, or null. */
  async locate(db: DbOrTx, lng: number, lat: number): Promise<{ id: number; path: string } | null> {
    const { index, paths } = await this.current(db);
    const id = index.locate(lng, lat);
    return id < 0 ? null : { id, path: paths.get(id)! };
  }
}
