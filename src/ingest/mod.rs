//! Reading spreadsheets into located cell grids.
//!
//! Every format (xlsx, xlsm, xlsb, xls, ods through calamine; csv by hand)
//! ends up as the same [`Sheet`]: a grid of [`Cell`]s that knows its absolute
//! position, so that every value can be reported at the cell Excel shows
//! (calamine drops leading empty rows and columns; we add them back), plus
//! the merged ranges where the format has them.
//!
//! Reading never panics on hostile input: a file that cannot be read becomes
//! a [`ReadError`] that names the reason in words the operator understands.

mod csv;
mod extent;

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{Data, Dimensions, Ods, Range, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::findings::{Finding, Location};

/// Refuse sheets larger than this many cells: no participant list is this
/// big, and a fuzzed file that declares a huge range must not eat the memory.
pub const MAX_CELLS: u64 = 4_000_000;

/// Refuse files larger than this (bytes) before reading them.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// What a file may take once read (see [`extent`]).
const LIMITS: extent::Limits = extent::Limits {
    sheet_cells: MAX_CELLS,
    workbook_cells: 2 * MAX_CELLS,
    entry_bytes: 200 * 1024 * 1024,
    package_bytes: 400 * 1024 * 1024,
};

impl From<extent::TooLarge> for ReadError {
    fn from(e: extent::TooLarge) -> Self {
        ReadError::TooLarge(e.0)
    }
}

/// One cell's value, typed as the spreadsheet stored it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell. IDs in number cells have lost digits past the 15th.
    Number(f64),
    Bool(bool),
    /// A date (with or without a time of day).
    Date(NaiveDateTime),
    /// A time of day without a date (Excel serial below 1).
    Time(NaiveTime),
    /// An error value such as `#NAME?` (a formula Excel could not compute).
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as display text (how Excel would show it, roughly).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => {
                if d.time() == NaiveTime::MIN {
                    d.format("%d/%m/%Y").to_string()
                } else {
                    d.format("%d/%m/%Y %H:%M").to_string()
                }
            }
            Cell::Time(t) => t.format("%H:%M").to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A number as text without a trailing `.0` and without exponent notation
/// for integers (3217014104680001.0 → "3217014104680001").
pub fn format_number(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// A rectangle of merged cells, 0-based inclusive, absolute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Merge {
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row)
            && (self.first_col..=self.last_col).contains(&col)
    }
}

impl From<&Dimensions> for Merge {
    fn from(d: &Dimensions) -> Self {
        Merge {
            first_row: d.start.0,
            first_col: d.start.1,
            last_row: d.end.0,
            last_col: d.end.1,
        }
    }
}

/// One worksheet as a located grid.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The file, relative to the inputs folder, `/`-separated.
    pub file: String,
    pub name: String,
    /// Absolute (row, col) of `rows[0][0]`.
    origin: (u32, u32),
    rows: Vec<Vec<Cell>>,
    pub merges: Vec<Merge>,
}

static EMPTY: Cell = Cell::Empty;

impl Sheet {
    pub fn new(file: &str, name: &str, origin: (u32, u32), rows: Vec<Vec<Cell>>) -> Self {
        Sheet {
            file: file.to_string(),
            name: name.to_string(),
            origin,
            rows,
            merges: Vec::new(),
        }
    }

    /// The cell at an absolute 0-based position, as stored.
    pub fn get(&self, row: u32, col: u32) -> &Cell {
        let (r0, c0) = self.origin;
        if row < r0 || col < c0 {
            return &EMPTY;
        }
        self.rows
            .get((row - r0) as usize)
            .and_then(|r| r.get((col - c0) as usize))
            .unwrap_or(&EMPTY)
    }

    /// The merged range a cell belongs to, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        self.merges.iter().find(|m| m.contains(row, col))
    }

    /// The cell's value, or the value of the top-left cell of the merged
    /// range it lies in (merged cells hold their value only there).
    pub fn filled(&self, row: u32, col: u32) -> &Cell {
        match self.merge_at(row, col) {
            Some(m) => self.get(m.first_row, m.first_col),
            None => self.get(row, col),
        }
    }

    /// First absolute row and column holding data.
    pub fn start(&self) -> (u32, u32) {
        self.origin
    }

    /// One past the last absolute row.
    pub fn end_row(&self) -> u32 {
        self.origin.0 + self.rows.len() as u32
    }

    /// One past the last absolute column.
    pub fn end_col(&self) -> u32 {
        self.origin.1 + self.rows.iter().map(|r| r.len()).max().unwrap_or(0) as u32
    }

    pub fn location(&self) -> Location {
        Location::sheet(&self.file, &self.name)
    }

    pub fn is_blank(&self) -> bool {
        self.rows.iter().all(|r| r.iter().all(Cell::is_empty))
    }
}

/// Why a file could not be read, in the operator's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Empty,
    Encrypted,
    Corrupt(String),
    NotSpreadsheet(String),
    TooLarge(String),
    Io(String),
}

impl ReadError {
    pub fn message(&self) -> String {
        match self {
            ReadError::Empty => "berkas kosong (0 byte)".into(),
            ReadError::Encrypted => "berkas dilindungi kata sandi (terenkripsi)".into(),
            ReadError::Corrupt(d) => format!("berkas rusak atau tidak lengkap: {d}"),
            ReadError::NotSpreadsheet(d) => format!("bukan spreadsheet yang dapat dibaca ({d})"),
            ReadError::TooLarge(d) => format!("berkas terlalu besar ({d})"),
            ReadError::Io(d) => format!("berkas tidak dapat dibuka ({d})"),
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            ReadError::Empty => "Isi berkas ini atau hapus dari folder masukan.",
            ReadError::Encrypted => {
                "Buka di Excel/WPS, hapus kata sandi (File › Info › Lindungi Buku Kerja), simpan, lalu jalankan lagi."
            }
            ReadError::Corrupt(_) => {
                "Buka berkas di Excel/WPS/LibreOffice; jika bisa dibuka (dan bila perlu kata sandinya dihapus), simpan ulang sebagai .xlsx. Jika tidak bisa dibuka, minta berkas aslinya lagi."
            }
            ReadError::NotSpreadsheet(_) => {
                "Simpan ulang dari Excel/WPS/LibreOffice sebagai .xlsx atau .csv."
            }
            ReadError::TooLarge(_) => {
                "Hapus isi sel yang jauh di luar tabel (Ctrl+End menunjukkan sel terakhir yang terisi) atau salin tabelnya ke berkas baru; data yang memang sebanyak itu dipisahkan menjadi beberapa berkas."
            }
            ReadError::Io(_) => "Periksa apakah berkas sedang dibuka program lain atau izinnya.",
        }
    }
}

/// What reading one file gave: its sheets, and notes about sheets skipped.
#[derive(Debug, Default)]
pub struct Book {
    pub sheets: Vec<Sheet>,
    pub notes: Vec<Finding>,
}

/// Reads a spreadsheet file. `display` is the path shown to the operator.
pub fn read_file(path: &Path, display: &str) -> Result<Book, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(format!(
            "{} MB",
            meta.len() / 1_000_000
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io(e.to_string()))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    read_bytes(bytes, &ext, display)
}

/// Reads a spreadsheet from memory. The format is decided by the content,
/// not the extension, because files are often renamed.
pub fn read_bytes(bytes: Vec<u8>, ext: &str, display: &str) -> Result<Book, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    // calamine is not written for hostile input; a panic inside it must
    // become a finding about this file, never end the run.
    let ext = ext.to_string();
    let display_owned = display.to_string();
    catch_unwind(AssertUnwindSafe(move || {
        read_bytes_inner(bytes, &ext, &display_owned)
    }))
    .unwrap_or_else(|_| Err(ReadError::Corrupt("isi berkas tidak dapat diurai".into())))
}

fn read_bytes_inner(bytes: Vec<u8>, ext: &str, display: &str) -> Result<Book, ReadError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(OLE) {
        if contains_utf16(&bytes, "EncryptedPackage") {
            // An encrypted xlsx is stored inside an OLE container.
            return Err(ReadError::Encrypted);
        }
        extent::check_xls(&bytes, &LIMITS)?;
        let xls = Xls::new(Cursor::new(bytes)).map_err(xls_error)?;
        return read_calamine(xls, display, |wb, display, name, notes| {
            let merges = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
            range_sheet(wb, display, name, merges, notes)
        });
    }
    if bytes.starts_with(ZIP) {
        extent::check_zip(&bytes, &LIMITS)?;
        if contains_bytes(&bytes, b"xl/workbook.bin") {
            let xlsb = Xlsb::new(Cursor::new(bytes)).map_err(|e| zip_error(e.to_string()))?;
            return read_calamine(xlsb, display, xlsb_sheet);
        }
        if contains_bytes(&bytes, b"content.xml") && !contains_bytes(&bytes, b"[Content_Types].xml")
        {
            let mut layout = extent::check_ods(&bytes, &LIMITS)?;
            let ods = Ods::new(Cursor::new(bytes)).map_err(|e| zip_error(e.to_string()))?;
            return read_calamine(ods, display, |wb, display, name, notes| {
                let mut sheet = range_sheet(wb, display, name, Vec::new(), notes)?;
                sheet.merges = layout.merges.remove(name).unwrap_or_default();
                Ok(sheet)
            });
        }
        let xlsx = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
        return read_calamine(xlsx, display, xlsx_sheet);
    }
    if ext == "csv" || ext == "txt" || ext == "tsv" {
        return csv::read(&bytes, display).map(|sheet| Book {
            sheets: vec![sheet],
            notes: Vec::new(),
        });
    }
    // BIFF2–BIFF4 workbooks (Excel 2.x–4.x) start with a bare BOF record.
    if matches!(bytes.get(..2), Some([0x09, 0x00 | 0x02 | 0x04])) {
        return Err(ReadError::NotSpreadsheet(
            "format Excel 2.x–4.x yang sangat lama tidak didukung".into(),
        ));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    if head.contains("<html") || head.contains("<table") || head.contains("<!doctype") {
        return Err(ReadError::NotSpreadsheet(
            "isinya halaman HTML yang diberi nama spreadsheet".into(),
        ));
    }
    Err(ReadError::NotSpreadsheet(format!(
        "isi berkas bukan format .{ext} yang dikenal"
    )))
}

/// Why one sheet of a readable workbook was not read.
enum SheetProblem {
    /// The reader failed on it.
    Unreadable(String),
    /// Its cells are too many or spread too far to hold in memory.
    TooLarge(String),
}

fn read_calamine<R, S>(mut wb: R, display: &str, mut read_sheet: S) -> Result<Book, ReadError>
where
    R: Reader<Cursor<Vec<u8>>>,
    S: FnMut(&mut R, &str, &str, &mut Vec<Finding>) -> Result<Sheet, SheetProblem>,
{
    let mut book = Book::default();
    let metas: Vec<calamine::Sheet> = wb.sheets_metadata().to_vec();
    if metas.is_empty() {
        return Err(ReadError::Corrupt("tidak ada sheet di dalamnya".into()));
    }
    for meta in metas {
        let loc = Location::sheet(display, &meta.name);
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        if meta.visible != SheetVisible::Visible {
            book.notes.push(Finding::info(
                "SHEET_TERSEMBUNYI",
                loc,
                "sheet tersembunyi diabaikan",
            ));
            continue;
        }
        match read_sheet(&mut wb, display, &meta.name, &mut book.notes) {
            Ok(sheet) => book.sheets.push(sheet),
            Err(SheetProblem::Unreadable(e)) => book.notes.push(
                Finding::error("SHEET_RUSAK", loc, format!("sheet tidak dapat dibaca: {e}"))
                    .hint("Buka berkas di Excel/WPS dan simpan ulang sebagai .xlsx.")
                    .holds_back("semua data di sheet ini"),
            ),
            Err(SheetProblem::TooLarge(what)) => book.notes.push(
                Finding::error(
                    "SHEET_TERLALU_BESAR",
                    loc,
                    format!("sheet terlalu besar ({what}); tidak dibaca"),
                )
                .hint("Hapus isi sel yang jauh di luar tabel (Ctrl+End menunjukkan sel terakhir yang terisi), atau salin tabelnya ke sheet baru.")
                .holds_back("semua data di sheet ini"),
            ),
        }
    }
    Ok(book)
}

/// An xlsx sheet, read cell by cell in one pass (values and formulas), so
/// that a sheet whose cells are too many or spread too far is refused
/// before any grid is allocated.
fn xlsx_sheet(
    wb: &mut Xlsx<Cursor<Vec<u8>>>,
    display: &str,
    name: &str,
    notes: &mut Vec<Finding>,
) -> Result<Sheet, SheetProblem> {
    let unreadable = |e: calamine::XlsxError| SheetProblem::Unreadable(e.to_string());
    let merges = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
    let mut cells = Cells::default();
    let mut formulas = Vec::new();
    let mut reader = wb.worksheet_cells_reader(name).map_err(unreadable)?;
    while let Some(cell) = reader.next_cell_with_formula().map_err(unreadable)? {
        let (r, c) = cell.pos;
        let value = convert(&Data::from(cell.value));
        if let (Cell::Empty, Some(f)) = (&value, cell.formula)
            && !f.trim().is_empty()
        {
            formulas.push((r, c, f));
        }
        cells.push(r, c, value)?;
    }
    drop(reader);
    let mut sheet = cells.into_sheet(display, name)?;
    sheet.merges = merges.iter().map(Merge::from).collect();
    formulas_without_values(&sheet, &formulas, notes);
    Ok(sheet)
}

/// An xlsb sheet, read cell by cell like [`xlsx_sheet`].
fn xlsb_sheet(
    wb: &mut Xlsb<Cursor<Vec<u8>>>,
    display: &str,
    name: &str,
    notes: &mut Vec<Finding>,
) -> Result<Sheet, SheetProblem> {
    let unreadable = |e: calamine::XlsbError| SheetProblem::Unreadable(e.to_string());
    let mut cells = Cells::default();
    let mut reader = wb.worksheet_cells_reader(name).map_err(unreadable)?;
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (r, c) = cell.get_position();
        cells.push(r, c, convert(&Data::from(cell.get_value().clone())))?;
    }
    drop(reader);
    let sheet = cells.into_sheet(display, name)?;
    // Formulas only matter where their value is missing; a sheet whose
    // formulas cannot be parsed keeps its values.
    let mut formulas = Vec::new();
    let mut reader = wb.worksheet_cells_reader(name).map_err(unreadable)?;
    while let Ok(Some(cell)) = reader.next_formula() {
        let (r, c) = cell.get_position();
        let f = cell.get_value();
        if !f.trim().is_empty() && matches!(sheet.get(r, c), Cell::Empty) {
            formulas.push((r, c, f.clone()));
        }
    }
    formulas_without_values(&sheet, &formulas, notes);
    Ok(sheet)
}

/// An xls or ods sheet. These readers hold whole grids already and bound
/// them themselves, after [`extent`] has looked at the file.
fn range_sheet<R>(
    wb: &mut R,
    display: &str,
    name: &str,
    merges: Vec<Dimensions>,
    notes: &mut Vec<Finding>,
) -> Result<Sheet, SheetProblem>
where
    R: Reader<Cursor<Vec<u8>>>,
    R::Error: std::fmt::Display,
{
    let range = wb
        .worksheet_range(name)
        .map_err(|e| SheetProblem::Unreadable(e.to_string()))?;
    let (h, w) = range.get_size();
    if h as u64 * w as u64 > MAX_CELLS {
        return Err(SheetProblem::TooLarge(format!("{h} baris × {w} kolom")));
    }
    let mut sheet = to_sheet(display, name, &range);
    sheet.merges = merges.iter().map(Merge::from).collect();
    if let Ok(formula) = wb.worksheet_formula(name) {
        let (r0, c0) = formula.start().unwrap_or((0, 0));
        let missing: Vec<(u32, u32, String)> = formula
            .used_cells()
            .filter(|(_, _, f)| !f.trim().is_empty())
            .map(|(r, c, f)| (r0 + r as u32, c0 + c as u32, f.clone()))
            .filter(|(r, c, _)| matches!(sheet.get(*r, *c), Cell::Empty))
            .collect();
        formulas_without_values(&sheet, &missing, notes);
    }
    Ok(sheet)
}

/// Cells gathered one at a time, in any order, before the grid is made.
/// Counting as they come is what keeps a hostile sheet (millions of cells,
/// or two cells at A1 and XFD1048576) from taking all the memory.
#[derive(Default)]
struct Cells(Vec<(u32, u32, Cell)>);

impl Cells {
    fn push(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), SheetProblem> {
        if matches!(cell, Cell::Empty) {
            return Ok(());
        }
        if self.0.len() as u64 >= MAX_CELLS {
            return Err(SheetProblem::TooLarge(format!(
                "lebih dari {MAX_CELLS} sel terisi"
            )));
        }
        self.0.push((row, col, cell));
        Ok(())
    }

    /// The grid, each row only as long as its last filled cell; refused
    /// when even that would be too large.
    fn into_sheet(mut self, display: &str, name: &str) -> Result<Sheet, SheetProblem> {
        self.0.sort_by_key(|(r, c, _)| (*r, *c));
        let (Some((r0, _, _)), Some((last_row, _, _))) = (self.0.first(), self.0.last()) else {
            return Ok(Sheet::new(display, name, (0, 0), Vec::new()));
        };
        let (r0, last_row) = (*r0, *last_row);
        let c0 = self.0.iter().map(|(_, c, _)| *c).min().unwrap_or(0);
        // Every later stage walks the sheet's whole rectangle, so that is
        // what must stay bounded (the rows themselves are stored only as
        // long as their last filled cell).
        let c1 = self.0.iter().map(|(_, c, _)| *c).max().unwrap_or(c0);
        let area = (u64::from(last_row - r0) + 1) * (u64::from(c1 - c0) + 1);
        if area > MAX_CELLS {
            return Err(SheetProblem::TooLarge(format!(
                "isinya tersebar dari sel {} sampai {}",
                crate::findings::cell_ref(r0, c0),
                crate::findings::cell_ref(last_row, c1)
            )));
        }
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); (last_row - r0) as usize + 1];
        for (r, c, cell) in self.0 {
            if let Some(row) = rows.get_mut((r - r0) as usize) {
                let i = (c - c0) as usize;
                if row.len() <= i {
                    row.resize(i + 1, Cell::Empty);
                }
                if let Some(slot) = row.get_mut(i) {
                    *slot = cell;
                }
            }
        }
        Ok(Sheet::new(display, name, (r0, c0), rows))
    }
}

/// How many formulas without values are named one by one.
const MAX_REPORTED_FORMULAS: usize = 20;

/// A formula cell counts by its cached value; one saved without a value
/// (by a program that does not calculate) reads as empty, which must not
/// pass silently. `missing` lists those cells with their formulas.
fn formulas_without_values(
    sheet: &Sheet,
    missing: &[(u32, u32, String)],
    notes: &mut Vec<Finding>,
) {
    for (r, c, formula) in missing.iter().take(MAX_REPORTED_FORMULAS) {
        let shown: String = formula.chars().take(60).collect();
        notes.push(
            Finding::warning(
                "RUMUS_TANPA_NILAI",
                sheet.location().at_cell(*r, *c),
                format!("sel berisi rumus ={shown} tanpa nilai tersimpan; dibaca sebagai kosong"),
            )
            .hint("Buka berkas di Excel/WPS/LibreOffice lalu simpan ulang agar nilai rumus tersimpan, atau ketik nilainya langsung."),
        );
    }
    if missing.len() > MAX_REPORTED_FORMULAS {
        notes.push(Finding::warning(
            "RUMUS_TANPA_NILAI",
            sheet.location(),
            format!(
                "{} sel rumus lain juga tanpa nilai tersimpan",
                missing.len() - MAX_REPORTED_FORMULAS
            ),
        ));
    }
}

fn to_sheet(display: &str, name: &str, range: &Range<Data>) -> Sheet {
    let origin = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .map(|row| row.iter().map(convert).collect())
        .collect();
    Sheet::new(display, name, origin, rows)
}

fn convert(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(clean_text(s)),
        Data::Bool(b) => Cell::Bool(*b),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::DateTime(dt) => {
            if dt.is_duration() {
                return time_from_fraction(dt.as_f64().fract())
                    .map(Cell::Time)
                    .unwrap_or(Cell::Number(dt.as_f64()));
            }
            let serial = dt.as_f64();
            if (0.0..1.0).contains(&serial) {
                return time_from_fraction(serial)
                    .map(Cell::Time)
                    .unwrap_or(Cell::Number(serial));
            }
            match dt.as_datetime() {
                Some(d) => Cell::Date(round_to_second(d)),
                None => Cell::Number(serial),
            }
        }
        Data::DateTimeIso(s) => iso_cell(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

/// Text as the operator typed it: Excel's encoded carriage returns
/// (`_x000D_`, or `\r` once decoded) dropped so that line breaks are
/// plain `\n`; and UTF-16 text that a reader passed on byte by byte
/// ("r\0e\0g\0…", which calamine does for some xls string records split
/// over CONTINUE records) decoded again.
fn clean_text(s: &str) -> String {
    let s = s.replace("_x000D_", "").replace('\r', "");
    if s.contains('\0')
        && let Some(decoded) = utf16_passed_as_bytes(&s)
    {
        return decoded;
    }
    s
}

fn utf16_passed_as_bytes(s: &str) -> Option<String> {
    let bytes: Vec<u8> = s
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect::<Option<_>>()?;
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    let decoded = String::from_utf16(&units).ok()?;
    (!decoded.contains('\0')).then_some(decoded)
}

/// Excel stores times as fractions of a day; 08:00 is 0.3333…, which must
/// not come back as 07:59:59.
pub fn time_from_fraction(fraction: f64) -> Option<NaiveTime> {
    if !(0.0..1.0).contains(&fraction) {
        return None;
    }
    let secs = (fraction * 86_400.0).round() as u32;
    NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0)
}

fn round_to_second(d: NaiveDateTime) -> NaiveDateTime {
    if d.nanosecond() >= 500_000_000 {
        d.with_nanosecond(0).unwrap_or(d) + chrono::Duration::seconds(1)
    } else {
        d.with_nanosecond(0).unwrap_or(d)
    }
}

fn iso_cell(s: &str) -> Cell {
    if let Ok(d) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        return Cell::Date(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Cell::Date(d.and_time(NaiveTime::MIN));
    }
    if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M:%S%.f") {
        return Cell::Time(t);
    }
    Cell::Text(s.to_string())
}

fn xlsx_error(e: calamine::XlsxError) -> ReadError {
    match e {
        calamine::XlsxError::Password => ReadError::Encrypted,
        calamine::XlsxError::Io(e) => ReadError::Io(e.to_string()),
        other => zip_error(other.to_string()),
    }
}

fn xls_error(e: calamine::XlsError) -> ReadError {
    match e {
        calamine::XlsError::Password => ReadError::Encrypted,
        other => zip_error(other.to_string()),
    }
}

/// Words a reader's technical error for the operator, keeping the
/// original as a detail for whoever has to look deeper.
fn zip_error(detail: String) -> ReadError {
    let lower = detail.to_lowercase();
    let what =
        if lower.contains("eocd") || lower.contains("invalid zip") || lower.contains("zip error") {
            "isinya bukan arsip Excel yang utuh; mungkin terpotong saat diunduh atau disalin"
        } else if lower.contains("cell limit") || lower.contains("too large") {
            return ReadError::TooLarge(
                "ukuran sheet yang tercatat di dalamnya tidak masuk akal".into(),
            );
        } else if lower.contains("past end of file") || lower.contains("larger than its declared") {
            "strukturnya terpotong atau rusak"
        } else if lower.contains("codepage") {
            "berkas .xls lama dengan pengodean yang tidak dikenal, atau dilindungi kata sandi"
        } else {
            "strukturnya tidak dapat dibaca"
        };
    ReadError::Corrupt(format!("{what}; detail teknis: {detail}"))
}

fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn contains_utf16(haystack: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    contains_bytes(haystack, &pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_fractions_round_to_the_minute_excel_shows() {
        assert_eq!(
            time_from_fraction(1.0 / 3.0),
            NaiveTime::from_hms_opt(8, 0, 0)
        );
        assert_eq!(
            time_from_fraction(0.46875),
            NaiveTime::from_hms_opt(11, 15, 0)
        );
        assert_eq!(time_from_fraction(1.5), None);
    }

    #[test]
    fn text_keeps_plain_line_breaks_and_utf16_passed_as_bytes_is_decoded() {
        assert_eq!(clean_text("ABC_x000D_\nDEF"), "ABC\nDEF");
        assert_eq!(clean_text("ABC\r\nDEF"), "ABC\nDEF");
        assert_eq!(clean_text("J\0\u{c}\u{1} \0(\0"), "JČ (");
        // A stray NUL that is not UTF-16 stays as it was.
        assert_eq!(clean_text("a\0b"), "a\0b");
    }

    #[test]
    fn numbers_print_without_exponent() {
        assert_eq!(format_number(3217014104680001.0), "3217014104680001");
        assert_eq!(format_number(36.5), "36.5");
    }

    #[test]
    fn garbage_is_a_clear_error_not_a_panic() {
        assert_eq!(
            read_bytes(Vec::new(), "xlsx", "a.xlsx").err(),
            Some(ReadError::Empty)
        );
        let err = read_bytes(b"PK\x03\x04garbage".to_vec(), "xlsx", "a.xlsx").err();
        assert!(matches!(err, Some(ReadError::Corrupt(_))), "{err:?}");
        let err = read_bytes(vec![0x09, 0x04, 0x06, 0x00, 0x00, 0x00], "xls", "a.xls").err();
        assert!(
            matches!(&err, Some(ReadError::NotSpreadsheet(m)) if m.contains("Excel 2.x")),
            "{err:?}"
        );
        let err = read_bytes(b"<html><table>".to_vec(), "xls", "a.xls").err();
        assert!(matches!(err, Some(ReadError::NotSpreadsheet(_))), "{err:?}");
    }
}
