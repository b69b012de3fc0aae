// Spreadsheet safety for the CSV files we write: a cell a spreadsheet would run as a formula gets a leading
// apostrophe (OWASP CSV injection), since a CSV has no cell types and Excel and LibreOffice evaluate "=…",
// "+…", "-…" and "@…" as they open it. XLSX files need no such thing and must not have it: their text goes
// in as text cells (t="s"), which no spreadsheet evaluates on opening, and an apostrophe there is shown as
// part of the value ("'-2+3" in LibreOffice Calc). tests/db/exportSpreadsheet.test.ts opens both in Calc.

export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
