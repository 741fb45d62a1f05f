// A server-paged table: rows, total, loading flag and pager, loaded through one fetch function.
import { reactive, ref, type Ref } from 'vue';

export interface Page<T> {
  items: T[];
  total: number;
}

export function usePagedList<T>(fetchPage: (pager: { page: number; pageSize: number }) => Promise<Page<T>>) {
  const rows = ref([]) as Ref<T[]>;
  const total = ref(0);
  const loading = ref(false);
  const pager = reactive({ page: 1, pageSize: 20 });

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const answer = await fetchPage({ ...pager });
      rows.value = answer.items;
      total.value = answer.total;
    } catch {
      // The API client has shown the message; an empty table is the honest state.
      rows.value = [];
    } finally {
      loading.value = false;
    }
  }

  /** A new search starts again from the first page. */
  function search(): void {
    pager.page = 1;
    void load();
  }

  return { rows, total, loading, pager, load, search };
}
