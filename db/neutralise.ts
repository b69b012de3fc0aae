// Spreadsheet safety for every file we write: a cell a spreadsheet would run as a formula gets a
// leading apostrophe (OWASP CSV injection), whichever sheet it lands in.

export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
