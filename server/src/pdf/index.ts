// Printed documents: one form layout (server/src/pdf/form.ts) for every PDF the server hands out.
export { Form, type Column, type Field, type FormHeader, type Value } from './form.js';

/** `inline` with the file name in UTF-8 (RFC 6266/5987), so a browser opens the PDF and saves it under its Chinese name. */
export const inlinePdf = (filename: string) => `inline; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`;
