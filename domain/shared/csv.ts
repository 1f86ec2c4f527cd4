/** RFC 4180 §2 (6, 7): a field holding a comma, a double quote, CR or LF is quoted, its quotes doubled. */
const quote = (field: string): string => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);

/**
 * A text field, safe to open in a spreadsheet: one that starts with = + - @ (or tab or CR) would be run
 * as a formula (CSV injection, OWASP), so it is prefixed with a single quote, which spreadsheets show as
 * text; then it is quoted as RFC 4180 requires. Numbers we format ourselves are not text and pass as they are.
 */
export const csvText = (value: string): string => quote(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** One CSV record: fields joined by commas, ended by CRLF (RFC 4180 §2). */
export const csvRow = (fields: readonly string[]): string => `${fields.join(',')}\r\n`;
