// LIKE patterns from user text: % _ and \ are matched literally, never as wildcards.
const escape = (text: string) => text.replace(/[\\%_]/g, (c) => '\\' + c);

export const containsPattern = (text: string) => `%${escape(text)}%`;
export const prefixPattern = (text: string) => `${escape(text)}%`;
