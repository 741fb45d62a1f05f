// The territory node a register page starts from: the user's first scope root (a grid worker's
// community), or the deployment's first root for deployment-wide users.
import { ref } from 'vue';
import { territoryApi } from '@/api/territory';
import type { Id } from '@/api/types';
import type { NodeOption } from '@/components/NodePicker.vue';
import { session } from '@/session';

export function useScopeRoot() {
  const rootId = ref<Id | undefined>();
  const known = ref<NodeOption[]>([]);

  /** Sets rootId (when still empty) and answers it. */
  async function resolve(): Promise<Id | undefined> {
    if (rootId.value) return rootId.value;
    const scope = session.me?.scopes[0];
    if (scope) {
      known.value = [{ id: scope.orgUnitId, label: scope.name }];
      rootId.value = scope.orgUnitId;
      return rootId.value;
    }
    const roots = (await territoryApi.children(null).catch(() => ({ items: [] }))).items;
    if (roots[0]) {
      known.value = roots.map((r) => ({ id: r.id, label: r.name }));
      rootId.value = roots[0].id;
    }
    return rootId.value;
  }

  return { rootId, known, resolve };
}
