// A server-paged table: rows, total, loading flag and pager, loaded through one fetch function.
// The ListPage component (components/ListPage.vue) draws it with its filters and pager.
import { reactive, ref, type Ref } from 'vue';

export interface Page<T> {
  items: T[];
  total: number;
}

/** What ListPage reads: the list's state and the pager's moves, as one reactive object. */
export interface PagedListView<T> {
  readonly rows: T[];
  readonly total: number;
  readonly loading: boolean;
  readonly pager: { readonly page: number; readonly pageSize: number };
  /** A new search starts again from the first page. */
  search: () => void;
  /** Another page of the same search. */
  goTo: (page: number) => void;
  /** Another page size: from the first page again. */
  resize: (pageSize: number) => void;
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

  function goTo(page: number): void {
    pager.page = page;
    void load();
  }

  function resize(pageSize: number): void {
    pager.pageSize = pageSize;
    search();
  }

  const list = reactive({ rows, total, loading, pager, search, goTo, resize }) as PagedListView<T>;
  return { rows, total, loading, pager, load, search, list };
}
