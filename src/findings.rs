//! Findings: every problem the run notices, with where it is, which SOP step
//! it enforces, what to do about it, and which outputs it holds back.
//!
//! Stages never stop at the first problem. They push findings onto one list
//! and carry on with what is still usable; the run summary, the printed
//! report, `temuan.xlsx` and `--format json` are all views of that list.

use std::fmt;

use serde::Serialize;

/// How bad a finding is. Ordered so that sorting puts errors first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Data is wrong and something was held back because of it.
    Error,
    /// Data looks wrong, or is unusual; nothing was held back.
    Peringatan,
    /// For the operator's information (files skipped, sheets ignored).
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Peringatan => "peringatan",
            Severity::Info => "info",
        }
    }
}

/// Where a finding is, as the user sees it in Excel: file, sheet, cell or row.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Path relative to the inputs folder, with `/` separators.
    #[serde(rename = "berkas")]
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The row number Excel shows (1-based).
    #[serde(rename = "baris", skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// A cell reference such as `C14`.
    #[serde(rename = "sel", skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Location::default()
        }
    }

    pub fn sheet(file: impl Into<String>, sheet: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            sheet: Some(sheet.into()),
            ..Location::default()
        }
    }

    /// The same location narrowed to a row (0-based row index as stored).
    pub fn at_row(mut self, row0: u32) -> Self {
        self.row = Some(row0 + 1);
        self
    }

    /// The same location narrowed to a cell (0-based indices as stored).
    pub fn at_cell(mut self, row0: u32, col0: u32) -> Self {
        self.row = Some(row0 + 1);
        self.cell = Some(cell_ref(row0, col0));
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet \"{sheet}\"")?;
        }
        match (&self.cell, self.row) {
            (Some(cell), _) => write!(f, ", sel {cell}"),
            (None, Some(row)) => write!(f, ", baris {row}"),
            (None, None) => Ok(()),
        }
    }
}

/// Excel's column letters for a 0-based column index: 0 → A, 27 → AB.
pub fn column_letters(col0: u32) -> String {
    let mut n = col0 as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell reference as Excel shows it, from 0-based indices: (13, 2) → `C14`.
pub fn cell_ref(row0: u32, col0: u32) -> String {
    format!("{}{}", column_letters(col0), row0 as u64 + 1)
}

/// One problem, placed and explained.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    #[serde(rename = "tingkat")]
    pub severity: Severity,
    /// A stable machine-readable code, e.g. `NIK_ANGKA`.
    pub kode: &'static str,
    pub lokasi: Location,
    /// The SOP step (1–11) the rule enforces, when it enforces one (JSON
    /// `null` otherwise: every field is always present).
    pub langkah_sop: Option<u8>,
    pub pesan: String,
    pub saran: String,
    /// Outputs that were not made because of this finding.
    pub ditahan: Vec<String>,
}

impl Finding {
    pub fn new(
        severity: Severity,
        kode: &'static str,
        lokasi: Location,
        pesan: impl Into<String>,
    ) -> Self {
        Finding {
            severity,
            kode,
            lokasi,
            langkah_sop: None,
            pesan: pesan.into(),
            saran: String::new(),
            ditahan: Vec::new(),
        }
    }

    pub fn error(kode: &'static str, lokasi: Location, pesan: impl Into<String>) -> Self {
        Finding::new(Severity::Error, kode, lokasi, pesan)
    }

    pub fn warning(kode: &'static str, lokasi: Location, pesan: impl Into<String>) -> Self {
        Finding::new(Severity::Peringatan, kode, lokasi, pesan)
    }

    pub fn info(kode: &'static str, lokasi: Location, pesan: impl Into<String>) -> Self {
        Finding::new(Severity::Info, kode, lokasi, pesan)
    }

    pub fn step(mut self, step: u8) -> Self {
        self.langkah_sop = Some(step);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.saran = hint.into();
        self
    }

    pub fn holds_back(mut self, output: impl Into<String>) -> Self {
        self.ditahan.push(output.into());
        self
    }
}

/// The run's findings, in the order they were found.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(transparent)]
pub struct Findings(Vec<Finding>);

impl Findings {
    pub fn push(&mut self, finding: Finding) {
        self.0.push(finding);
    }

    pub fn extend(&mut self, other: Findings) {
        self.0.extend(other.0);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Finding> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|f| f.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// Findings grouped by file (files in sorted order), errors first within
    /// each file, then by row.
    pub fn sorted(&self) -> Vec<&Finding> {
        let mut all: Vec<&Finding> = self.0.iter().collect();
        all.sort_by(|a, b| {
            (&a.lokasi.file, a.severity, &a.lokasi.sheet, a.lokasi.row).cmp(&(
                &b.lokasi.file,
                b.severity,
                &b.lokasi.sheet,
                b.lokasi.row,
            ))
        });
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(cell_ref(13, 2), "C14");
    }

    #[test]
    fn location_reads_like_excel() {
        let loc = Location::sheet("peserta.xlsx", "Peserta").at_cell(13, 2);
        assert_eq!(loc.to_string(), "peserta.xlsx, sheet \"Peserta\", sel C14");
        let loc = Location::sheet("a.csv", "a").at_row(4);
        assert_eq!(loc.to_string(), "a.csv, sheet \"a\", baris 5");
    }
}
