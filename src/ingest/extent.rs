//! How much memory a spreadsheet would take once read, found before it is
//! handed to calamine, so that a small hostile file is refused with a
//! finding instead of taking all the memory (or aborting the process).
//!
//! - Zip packages (xlsx, xlsm, xlsb, ods): the entries' declared sizes are
//!   bounded (the zip reader refuses to inflate an entry past its declared
//!   size, so a zip bomb cannot lie its way through).
//! - ods: calamine expands `number-rows-repeated` and
//!   `number-columns-repeated` into grids; `content.xml` is walked first to
//!   add up what that expansion would make.
//! - xls: calamine parses every sheet into a dense grid spanning its filled
//!   cells when the workbook is opened (and reserves what each sheet's
//!   DIMENSIONS record declares): a 5 KB file with a cell in A1 and one in
//!   IV65536 on a few dozen sheets would take tens of gigabytes. The BIFF
//!   records are walked first, exactly where calamine will look.
//!
//! xlsx and xlsb sheets are bounded while they are read, cell by cell
//! (see `Cells` in the parent module).

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::Merge;

/// The limits a file must fit.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Grid cells of one sheet.
    pub sheet_cells: u64,
    /// Grid cells of all sheets of a workbook together.
    pub workbook_cells: u64,
    /// Declared uncompressed bytes of one zip entry.
    pub entry_bytes: u64,
    /// Declared uncompressed bytes of all zip entries together.
    pub package_bytes: u64,
}

impl Limits {
    /// Counts sheet number `sheet` (1-based), of `cells` grid cells, into
    /// the workbook's `total`; refused past either limit.
    fn count(&self, sheet: usize, cells: u64, total: &mut u64) -> Result<(), TooLarge> {
        if cells > self.sheet_cells {
            return Err(TooLarge(format!(
                "sheet ke-{sheet} mencakup {cells} sel; batasnya {}",
                self.sheet_cells
            )));
        }
        *total = total.saturating_add(cells);
        if *total > self.workbook_cells {
            return Err(TooLarge(format!(
                "semua sheet bersama mencakup {total} sel; batasnya {}",
                self.workbook_cells
            )));
        }
        Ok(())
    }
}

/// Why a file is refused: what it would take, in the operator's words.
#[derive(Debug, PartialEq, Eq)]
pub struct TooLarge(pub String);

/// A zip package whose entries would inflate past the limits.
pub fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), TooLarge> {
    // A zip that cannot be opened is left to calamine to name.
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let size = entry.size();
        if size > limits.entry_bytes {
            return Err(TooLarge(format!(
                "bagian \"{}\" di dalamnya berukuran {} MB setelah diekstrak",
                entry.name().unwrap_or_default(),
                size / 1_000_000
            )));
        }
        total = total.saturating_add(size);
    }
    if total > limits.package_bytes {
        return Err(TooLarge(format!(
            "isinya {} MB setelah diekstrak",
            total / 1_000_000
        )));
    }
    Ok(())
}

/// What walking an ods's `content.xml` found: the merged ranges of each
/// sheet, by name (calamine does not report them for ods).
#[derive(Debug, Default)]
pub struct OdsLayout {
    pub merges: std::collections::BTreeMap<String, Vec<Merge>>,
}

/// Walks an ods: refused when its repeated rows and columns would expand
/// past the limits; otherwise its merged ranges.
pub fn check_ods(bytes: &[u8], limits: &Limits) -> Result<OdsLayout, TooLarge> {
    let mut layout = OdsLayout::default();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(layout);
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(layout);
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    xml.config_mut().expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut sheets = 0usize;
    let mut total: u64 = 0;
    let mut table: Option<OdsTable> = None;
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match (&event, table.as_mut()) {
            (Event::Start(e), None) if e.name().0 == "table:table" => {
                table = Some(OdsTable {
                    name: attribute(e, "table:name").unwrap_or_default(),
                    ..OdsTable::default()
                });
            }
            (Event::Start(e), Some(t)) => t.start(e),
            (Event::End(e), Some(t)) if e.name().0 == "table:table" => {
                sheets += 1;
                limits.count(sheets, t.grid_cells().max(t.stored), &mut total)?;
                if let Some(t) = table.take() {
                    layout.merges.insert(t.name, t.merges);
                }
            }
            (Event::End(e), Some(t)) => t.end(e.name().0),
            _ => {}
        }
        // A sheet that already stores too much need not be read to its end.
        if table
            .as_ref()
            .is_some_and(|t| t.stored > limits.sheet_cells)
        {
            return Err(TooLarge(format!(
                "sheet ke-{} menyimpan lebih dari {} sel",
                sheets + 1,
                limits.sheet_cells
            )));
        }
        buf.clear();
    }
    Ok(layout)
}

/// calamine's limits for ods (its `MAX_ROWS` and `MAX_COLUMNS`).
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// One `table:table` of an ods as calamine will expand it.
#[derive(Default)]
struct OdsTable {
    name: String,
    /// Rows so far, repeats expanded.
    rows: u64,
    /// The row being read: its repeat count, its cells so far (up to its
    /// last filled one), the empty cells pending after them, and the
    /// column position (repeats expanded).
    row: Option<OdsRow>,
    /// Depth inside the current cell (its paragraphs and spans).
    cell_depth: usize,
    /// Cells calamine keeps before making the grid: each row element once,
    /// up to its last filled cell.
    stored: u64,
    /// First and last filled row, and the widest row.
    filled: Option<(u64, u64)>,
    width: u64,
    merges: Vec<Merge>,
}

#[derive(Default)]
struct OdsRow {
    repeats: u64,
    cells: u64,
    pending: u64,
    col: u64,
}

impl OdsTable {
    fn start(&mut self, e: &BytesStart<'_>) {
        let name = e.name().0;
        if self.cell_depth > 0 {
            self.cell_depth += 1;
            return;
        }
        if name == "table:table-row" {
            let repeats = repeat(e, "table:number-rows-repeated");
            self.row = Some(OdsRow {
                repeats: repeats.min(ODS_MAX_ROWS.saturating_sub(self.rows)),
                ..OdsRow::default()
            });
        } else if name == "table:table-cell" || name == "table:covered-table-cell" {
            let Some(row) = self.row.as_mut() else {
                return;
            };
            let room = |used: u64| ODS_MAX_COLUMNS.saturating_sub(used);
            let repeats = repeat(e, "table:number-columns-repeated");
            let has_value = e
                .attributes()
                .flatten()
                .any(|a| a.key.0 == "office:value-type" || a.key.0 == "table:formula");
            if has_value {
                row.cells += row.pending.min(room(row.cells));
                row.cells += repeats.min(room(row.cells));
                row.pending = 0;
            } else {
                row.pending = repeats.min(room(row.cells));
            }
            let (across, down) = (
                repeat(e, "table:number-columns-spanned"),
                repeat(e, "table:number-rows-spanned"),
            );
            if (across > 1 || down > 1) && row.col < ODS_MAX_COLUMNS && self.rows < ODS_MAX_ROWS {
                let (r, c) = (self.rows as u32, row.col as u32);
                self.merges.push(Merge {
                    first_row: r,
                    first_col: c,
                    last_row: r.saturating_add(down.min(ODS_MAX_ROWS) as u32 - 1),
                    last_col: c.saturating_add(across.min(ODS_MAX_COLUMNS) as u32 - 1),
                });
            }
            row.col = row.col.saturating_add(repeats);
            self.cell_depth = 1;
        }
    }

    fn end(&mut self, name: &str) {
        if self.cell_depth > 0 {
            self.cell_depth -= 1;
            return;
        }
        if name == "table:table-row"
            && let Some(row) = self.row.take()
        {
            {
                self.stored = self.stored.saturating_add(row.cells);
                if row.cells > 0 && row.repeats > 0 {
                    let first = self.filled.map_or(self.rows, |(first, _)| first);
                    self.filled = Some((first, self.rows + row.repeats - 1));
                    self.width = self.width.max(row.cells);
                }
                self.rows += row.repeats;
            }
        }
    }

    /// The grid calamine makes: from the first to the last filled row, as
    /// wide as the widest row.
    fn grid_cells(&self) -> u64 {
        self.filled.map_or(0, |(first, last)| {
            (last - first + 1).saturating_mul(self.width)
        })
    }
}

fn attribute(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.0 == key)
        .map(|a| a.value.to_string())
}

/// A repeat or span attribute's value (1 when absent or unreadable).
fn repeat(e: &BytesStart<'_>, key: &str) -> u64 {
    attribute(e, key)
        .and_then(|v| v.trim().parse().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1)
}

/// An xls whose sheets would take more grid cells than the limits allow.
/// Files this cannot make sense of (no workbook stream, encryption) are
/// left to calamine to name.
pub fn check_xls(bytes: &[u8], limits: &Limits) -> Result<(), TooLarge> {
    let Some(stream) = workbook_stream(bytes) else {
        return Ok(());
    };
    let mut sheets = Vec::new();
    for (typ, data) in Records::at(&stream, 0) {
        match typ {
            // FILEPASS: records are encrypted; calamine reports it.
            0x002F => return Ok(()),
            // BOUNDSHEET: where a sheet's substream starts.
            0x0085 => {
                if let Some(pos) = u32_at(data, 0) {
                    sheets.push(pos as usize);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut total: u64 = 0;
    for (index, pos) in sheets.into_iter().enumerate() {
        limits.count(index + 1, sheet_cells(&stream, pos), &mut total)?;
    }
    Ok(())
}

fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let mut stream = cfb
        .open_stream("Workbook")
        .or_else(|_| cfb.open_stream("Book"))
        .ok()?;
    let mut out = Vec::new();
    // The stream cannot be larger than the file that holds it.
    stream
        .by_ref()
        .take(bytes.len() as u64)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// The grid cells calamine would allocate for the sheet whose substream
/// starts at `pos`: the larger of the rectangle its cell records span and
/// the one its DIMENSIONS record declares (calamine reserves that one).
fn sheet_cells(stream: &[u8], pos: usize) -> u64 {
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    let mut cell = |row: u32, col: u32| {
        bounds = Some(match bounds {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    };
    let mut declared: u64 = 0;
    let mut seen_bof = false;
    let mut depth = 0usize;
    for (typ, data) in Records::at(stream, pos) {
        // Nested substreams (embedded charts) are skipped, as calamine does.
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let row_col = || Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            // DIMENSIONS, read as calamine reads it (wrapping included).
            0x0200 => declared = declared.max(declared_cells(data)),
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let Some((r, c)) = row_col() {
                    cell(r, c);
                }
            }
            // MULRK: a run of cells from its first to its last column.
            0x00BD => {
                if let (Some((r, c)), Some(last)) = (
                    row_col(),
                    data.len().checked_sub(2).and_then(|i| u16_at(data, i)),
                ) {
                    cell(r, c);
                    cell(r, u32::from(last));
                }
            }
            _ => {}
        }
    }
    let spanned = bounds.map_or(0, |(r0, r1, c0, c1)| {
        (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
    });
    spanned.max(declared)
}

/// The cells a DIMENSIONS record makes calamine reserve.
fn declared_cells(data: &[u8]) -> u64 {
    let fields = match data.len() {
        10 => (|| {
            Some((
                u32::from(u16_at(data, 0)?),
                u32::from(u16_at(data, 2)?),
                u32::from(u16_at(data, 4)?),
                u32::from(u16_at(data, 6)?),
            ))
        })(),
        14 | 16 => (|| {
            Some((
                u32_at(data, 0)?,
                u32_at(data, 4)?,
                u32::from(u16_at(data, 8)?),
                u32::from(u16_at(data, 10)?),
            ))
        })(),
        _ => None,
    };
    let Some((rf, rl, mut cf, cl)) = fields else {
        return 0;
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return 1;
    }
    let rows = u64::from((rl - 1).wrapping_sub(rf)) + 1;
    let cols = u64::from((cl - 1).wrapping_sub(cf)) + 1;
    rows.saturating_mul(cols)
}

/// BIFF records from an offset: (type, data). CONTINUE records come as
/// records of their own, which is all this module needs.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Records<'a> {
    fn at(stream: &'a [u8], pos: usize) -> Records<'a> {
        Records {
            stream: stream.get(pos..).unwrap_or_default(),
        }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let typ = u16_at(self.stream, 0)?;
        let len = usize::from(u16_at(self.stream, 2)?);
        let data = self.stream.get(4..4 + len)?;
        self.stream = self.stream.get(4 + len..)?;
        Some((typ, data))
    }
}

fn u16_at(data: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(i..i + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0u8; 10]);
        record(0x0203, &data)
    }

    #[test]
    fn far_apart_cells_count_their_whole_rectangle() {
        let mut sheet = record(0x0809, &[0; 16]);
        sheet.extend(number(0, 0));
        sheet.extend(number(65535, 255));
        sheet.extend(record(0x000A, &[]));
        assert_eq!(sheet_cells(&sheet, 0), 65536 * 256);
    }

    #[test]
    fn charts_inside_a_sheet_are_skipped_and_dimensions_count() {
        let mut sheet = record(0x0809, &[0; 16]);
        sheet.extend(number(2, 1));
        sheet.extend(record(0x0809, &[0; 16]));
        sheet.extend(number(60000, 200));
        sheet.extend(record(0x000A, &[]));
        sheet.extend(number(3, 2));
        sheet.extend(record(0x000A, &[]));
        assert_eq!(sheet_cells(&sheet, 0), 2 * 2);
        // rows 10..5 wrap around in calamine: a huge reservation.
        let mut dims = 10u32.to_le_bytes().to_vec();
        dims.extend(5u32.to_le_bytes());
        dims.extend([0, 0, 1, 0, 0, 0]);
        let mut sheet = record(0x0809, &[0; 16]);
        sheet.extend(record(0x0200, &dims));
        assert!(sheet_cells(&sheet, 0) > 1 << 31);
    }

    #[test]
    fn truncated_records_end_the_walk() {
        let stream = [0x03, 0x02, 0xff, 0xff, 0x00];
        assert_eq!(Records::at(&stream, 0).count(), 0);
        assert_eq!(Records::at(&stream, 99).count(), 0);
        let limits = Limits {
            sheet_cells: 10,
            workbook_cells: 10,
            entry_bytes: 10,
            package_bytes: 10,
        };
        assert_eq!(check_xls(b"not an ole file", &limits), Ok(()));
        assert_eq!(check_zip(b"not a zip", &limits), Ok(()));
        assert!(check_ods(b"not a zip", &limits).is_ok_and(|l| l.merges.is_empty()));
    }
}
