// The readable address of a dwelling, written one way everywhere (API, Excel import, generated
// data) so that a fragment typed into the search box ("3号楼2单元") finds it: no spaces, 单元 and 室
// as on the door.

/** '2' → '2单元', '501' → '501室'; labels already written that way stay as they are. */
export const withSuffix = (label: string, suffix: string) => (label.endsWith(suffix) ? label : label + suffix);

/** Where a building is: its own address when it has one, else its community and name (通信花园社区3号楼). */
export function buildingPlace(building: { address?: string | null; name: string }, communityName?: string | null): string {
  return building.address || `${communityName ?? ''}${building.name}`;
}

/** "通信花园社区3号楼" + '2' + '501' → "通信花园社区3号楼2单元501室". */
export function dwellingAddress(place: string, unit: string | null | undefined, room: string): string {
  return `${place}${unit ? withSuffix(unit, '单元') : ''}${withSuffix(room, '室')}`;
}
