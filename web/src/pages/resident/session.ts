// Who is signed in on the resident pages: read once from /api/public/resident/me and kept for the
// pages (the header's 我的/登录 link, the services page, 我的); set at sign-in, cleared at sign-out.
import { ref } from 'vue';
import { accountApi, type Profile } from './account-api';

export const profile = ref<Profile | null>(null);
let loaded: Promise<Profile | null> | null = null;

/** The signed-in resident (asked once per page load), or null. */
export function loadProfile(): Promise<Profile | null> {
  loaded ??= accountApi
    .me()
    .then((a) => (profile.value = a.resident))
    .catch(() => null);
  return loaded;
}

export function setProfile(p: Profile | null): void {
  profile.value = p;
  loaded = Promise.resolve(p);
}
