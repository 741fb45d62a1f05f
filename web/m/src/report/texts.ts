// The words of the quick-report, map and patrol screens, Chinese first with English beside.
// (Kept with the screens; the app's shared strings live in its own i18n.)
import { computed } from 'vue';
import { fieldLocale } from './lang';

const zh = {
  reportTitle: '随手拍',
  photo: '照片',
  takePhoto: '拍照',
  fromGallery: '从相册选',
  removePhoto: '删除照片',
  shrinking: '正在压缩照片…',
  photoSize: '已压缩为 {kb} KB',
  photoFailed: '这张照片无法读取，请重拍',
  place: '位置',
  gps: '定位到我这里',
  locating: '正在定位…',
  accuracy: '精度约 {m} 米',
  inGrid: '位于 {name}',
  adjustOnMap: '可在地图上拖动或点选位置',
  gpsDenied: '无法获取位置：请允许本应用使用定位，或在地图上点选位置',
  gpsUnavailable: '本机不支持定位，请在地图上点选位置',
  pickOnMap: '在地图上选点',
  outside:
    '此位置不在您负责的网格内。网格员只能上报自己区域内的问题，服务器会拒绝（OUTSIDE_YOUR_AREA）。请调整位置，或请所在网格的网格员上报。',
  category: '问题类别',
  recent: '最近使用',
  searchCategory: '搜索类别：关键词或拼音首字母',
  noMatch: '没有找到，换个说法试试（如“占道”、“zdjy”）',
  change: '更换',
  event: '事项',
  component: '部件',
  description: '问题描述',
  descriptionHint: '有照片时可不填',
  descriptionNeeded: '没有照片时请写几句描述',
  voice: '语音输入',
  listening: '正在听…点此停止',
  fixOnSpot: '现场解决',
  fixOnSpotHint: '问题已当场处理好，直接记为已解决',
  note: '处理情况',
  duplicates: '附近可能已有相同问题',
  duplicateLine: '{name} · 相距 {m} 米',
  submit: '保存上报',
  submitFixed: '保存（现场解决）',
  saving: '正在保存…',
  saved: '已保存在手机上（待发送），有网络时自动发送。可以继续上报下一条。',
  needPhotoOrText: '请拍照或填写描述',
  needPlace: '请先定位或在地图上选点',
  needCategory: '请选择问题类别',
  defaultDescription: '{name}（见照片）',
  defaultFixed: '{name}（现场已解决，见照片）',
  locate: '定位到我这里',
  mapLabel: '地图',
  marker: '上报位置（可拖动）',
  patrolTitle: '巡查',
  patrolStart: '开始巡查',
  patrolStop: '结束巡查',
  patrolRecording: '巡查中 · 正在记录位置',
  patrolKeepOpen: '网页应用无法在后台记录轨迹：巡查时请保持本页打开、屏幕常亮',
  patrolWakeLock: '已保持屏幕常亮',
  patrolNoWakeLock: '本机浏览器不能自动保持常亮，请在系统设置里延长锁屏时间',
  patrolDistance: '已走 {d}',
  patrolPoints: '已记录 {n} 个位置点',
  patrolGrids: '经过的网格',
  patrolNoGrids: '尚未经过您负责的网格',
  patrolCovered: '轨迹占 {p}%',
  patrolDone: '本次巡查已结束并保存（待发送）',
  patrolLast: '上次巡查',
  patrolStarted: '开始于 {t}',
  patrolWaitingGps: '正在等待定位…',
  patrolDenied: '无法获取位置：请允许本应用使用定位后重试',
  patrolResumed: '已恢复未结束的巡查',
};
type Texts = typeof zh;

const en: Texts = {
  reportTitle: 'Quick report',
  photo: 'Photo',
  takePhoto: 'Take photo',
  fromGallery: 'From gallery',
  removePhoto: 'Remove photo',
  shrinking: 'Shrinking the photo…',
  photoSize: 'Shrunk to {kb} KB',
  photoFailed: 'This photo cannot be read; please take it again',
  place: 'Place',
  gps: 'Use my location',
  locating: 'Locating…',
  accuracy: 'accurate to about {m} m',
  inGrid: 'In {name}',
  adjustOnMap: 'Drag the pin or tap the map to adjust',
  gpsDenied: 'No location: allow this app to use your location, or tap the place on the map',
  gpsUnavailable: 'This phone gives no location; tap the place on the map',
  pickOnMap: 'Pick on the map',
  outside:
    'This place is outside your grids. Grid workers report only inside their own area; the server refuses it (OUTSIDE_YOUR_AREA). Move the pin, or ask the worker of that grid to report it.',
  category: 'Category',
  recent: 'Recently used',
  searchCategory: 'Search categories: words or pinyin initials',
  noMatch: 'Nothing found; try other words (e.g. “占道”, “zdjy”)',
  change: 'Change',
  event: 'Event',
  component: 'Component',
  description: 'Description',
  descriptionHint: 'optional with a photo',
  descriptionNeeded: 'Without a photo, write a few words',
  voice: 'Voice input',
  listening: 'Listening… tap to stop',
  fixOnSpot: 'Fixed on the spot',
  fixOnSpotHint: 'Already dealt with here: recorded as solved',
  note: 'What was done',
  duplicates: 'Possibly reported already nearby',
  duplicateLine: '{name} · {m} m away',
  submit: 'Save report',
  submitFixed: 'Save (fixed on the spot)',
  saving: 'Saving…',
  saved: 'Saved on the phone (waiting to send); it goes out when there is a network. Ready for the next one.',
  needPhotoOrText: 'Take a photo or write a description',
  needPlace: 'Locate first, or pick the place on the map',
  needCategory: 'Choose a category',
  defaultDescription: '{name} (see photo)',
  defaultFixed: '{name} (fixed on the spot, see photo)',
  locate: 'Use my location',
  mapLabel: 'Map',
  marker: 'Report location (draggable)',
  patrolTitle: 'Patrol',
  patrolStart: 'Start patrol',
  patrolStop: 'End patrol',
  patrolRecording: 'On patrol · recording location',
  patrolKeepOpen: 'A web app cannot record a track in the background: keep this page open and the screen on while patrolling',
  patrolWakeLock: 'The screen stays on',
  patrolNoWakeLock: 'This browser cannot keep the screen on; lengthen the screen timeout in the phone settings',
  patrolDistance: '{d} walked',
  patrolPoints: '{n} positions recorded',
  patrolGrids: 'Grids passed',
  patrolNoGrids: 'None of your grids passed yet',
  patrolCovered: '{p}% of the track',
  patrolDone: 'Patrol ended and saved (waiting to send)',
  patrolLast: 'Last patrol',
  patrolStarted: 'started {t}',
  patrolWaitingGps: 'Waiting for a location…',
  patrolDenied: 'No location: allow this app to use your location and try again',
  patrolResumed: 'The unfinished patrol was resumed',
};

export type TextKey = keyof Texts;

function fill(text: string, params?: Record<string, string | number>): string {
  return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
}

/** `t('photoSize', { kb: 210 })` in the app's language. */
export function useFieldTexts() {
  const table = computed(() => (fieldLocale.value === 'en' ? en : zh));
  return { t: (key: TextKey, params?: Record<string, string | number>) => fill(table.value[key], params), lang: fieldLocale };
}

/** Distance as people say it: "850 米" / "1.2 公里". */
export function formatDistance(m: number, lang: 'zh' | 'en'): string {
  if (m < 1000) return lang === 'en' ? `${Math.round(m)} m` : `${Math.round(m)} 米`;
  const km = (m / 1000).toFixed(m < 10_000 ? 2 : 1);
  return lang === 'en' ? `${km} km` : `${km} 公里`;
}
