//! The robustness corpus in `../shared/corpus` (public test files of
//! calamine, SheetJS, xlrd, fastexcel and others: encrypted, truncated and
//! fuzzed files, 1904 dates, Strict OOXML, huge declared ranges, …), when
//! `TKM_SHARED_CORPUS` points at it (`.ci/run` sets it). Each file runs
//! alone through `tkm validasi` under a memory and time limit; readable
//! files are checked against values they are known to hold. The same kinds
//! of hostile files, made by the tests themselves, are in `robust.rs`.

use std::path::{Path, PathBuf};

use tkm::ingest::{Cell, read_file};

use crate::util::{Dir, tkm_bounded};

/// Address space allowed per run: a reader that tries to allocate a grid
/// for a declared range of billions of cells fails instead.
const VIRTUAL_KIB: u64 = 1024 * 1024;
/// Wall time allowed per file ("well under 10 s").
const SECONDS: u64 = 10;

fn corpus() -> Option<PathBuf> {
    let Ok(dir) = std::env::var("TKM_SHARED_CORPUS") else {
        eprintln!("TKM_SHARED_CORPUS not set; skipping the ../shared/corpus checks");
        return None;
    };
    let dir = PathBuf::from(dir);
    assert!(
        dir.is_dir(),
        "TKM_SHARED_CORPUS={} is not a folder",
        dir.display()
    );
    Some(dir)
}

fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "SOURCES.md"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_file_alone_gives_findings_not_a_crash() {
    let Some(corpus) = corpus() else { return };
    let files = corpus_files(&corpus);
    assert!(files.len() >= 60, "corpus has only {} files", files.len());
    let mut problems = Vec::new();
    let mut slowest = (std::time::Duration::ZERO, String::new());
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        // A file whose extension tkm does not read (Excel's "Unicode
        // Text" export is a .txt) is also tried under a .csv name.
        let mut names = vec![name.clone()];
        if !name.ends_with(".csv") && name.ends_with(".txt") {
            names.push(format!("{name}.csv"));
        }
        for as_name in names {
            let dir = Dir::new();
            dir.write(&format!("inputs/{as_name}"), std::fs::read(path).unwrap());
            let run = tkm_bounded(
                &dir.root,
                &["validasi", "--format", "json"],
                VIRTUAL_KIB,
                SECONDS,
            );
            if run.elapsed > slowest.0 {
                slowest = (run.elapsed, as_name.clone());
            }
            let stderr = String::from_utf8_lossy(&run.output.stderr);
            if run.timed_out {
                problems.push(format!("{as_name}: still running after {SECONDS} s"));
                continue;
            }
            let Some(code) = run.output.status.code() else {
                problems.push(format!(
                    "{as_name}: killed by a signal ({:?}); stderr: {stderr}",
                    run.output.status
                ));
                continue;
            };
            if stderr.contains("panicked") {
                problems.push(format!("{as_name}: panicked: {stderr}"));
            }
            let json: serde_json::Value = match serde_json::from_slice(&run.output.stdout) {
                Ok(json) => json,
                Err(e) => {
                    problems.push(format!("{as_name}: stdout is not JSON ({e})"));
                    continue;
                }
            };
            match code {
                0 | 1 => {
                    // The file is named in at least one finding: read,
                    // recognised or not, or why it could not be read.
                    let findings = json["temuan"].as_array().cloned().unwrap_or_default();
                    if !findings
                        .iter()
                        .any(|f| f["lokasi"]["berkas"] == as_name.as_str())
                    {
                        problems.push(format!("{as_name}: no finding names the file"));
                    }
                    for f in &findings {
                        if f["pesan"].as_str().is_none_or(|m| m.trim().is_empty()) {
                            problems.push(format!("{as_name}: a finding without a message: {f}"));
                        }
                    }
                }
                // Nothing readable: only for a name tkm does not read.
                2 if as_name.ends_with(".txt") => {
                    if json["galat"].as_str().is_none() {
                        problems.push(format!("{as_name}: exit 2 without a message"));
                    }
                }
                _ => problems.push(format!("{as_name}: exit {code}: {}", json)),
            }
        }
    }
    eprintln!(
        "corpus: {} files, slowest {} in {:?}",
        files.len(),
        slowest.1,
        slowest.0
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// All files at once, through the whole pipeline: the run goes on past
/// every bad file, and says why each one was not used.
#[test]
fn the_whole_corpus_in_one_inputs_folder_is_one_run() {
    let Some(corpus) = corpus() else { return };
    let dir = Dir::new();
    for path in corpus_files(&corpus) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        dir.write(&format!("inputs/{name}"), std::fs::read(&path).unwrap());
    }
    let run = tkm_bounded(&dir.root, &["proses"], 2 * VIRTUAL_KIB, 60);
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&run.output.stdout),
        String::from_utf8_lossy(&run.output.stderr)
    );
    assert!(!run.timed_out, "{report}");
    // Unreadable files are errors; nothing could stop the run itself.
    assert_eq!(run.output.status.code(), Some(1), "{report}");
    assert!(!report.contains("panicked"), "{report}");
    for unreadable in [
        "calamine__pass_protected.xlsx",
        "calamine__issue252_corrupt_zip.xlsx",
        "calamine__too_small.xls",
        "sheetjs__password_2002_128_strong.xls",
    ] {
        assert!(
            report.contains(unreadable),
            "{unreadable} not named:\n{report}"
        );
    }
}

/// What a corpus file holds at one cell, per its source project's own
/// tests (and checked here with openpyxl, xlrd and odfpy).
enum Want {
    Text(&'static str),
    Number(f64),
    Date(i32, u32, u32),
}

fn sheet_cell(path: &Path, sheet: usize, cell: &str, merged: bool) -> Cell {
    let book = read_file(path, "x").unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    let sheet = book
        .sheets
        .get(sheet)
        .unwrap_or_else(|| panic!("{}: no sheet {sheet}", path.display()));
    let (row, col) = parse_cell(cell);
    if merged {
        sheet.filled(row, col).clone()
    } else {
        sheet.get(row, col).clone()
    }
}

fn parse_cell(cell: &str) -> (u32, u32) {
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = cell[letters.len()..].parse().unwrap();
    (row - 1, col)
}

#[test]
fn readable_corpus_files_are_read_as_they_hold() {
    let Some(corpus) = corpus() else { return };
    use Want::*;
    // (file, sheet, cell, read through merges, value)
    let checks: &[(&str, usize, &str, bool, Want)] = &[
        // 1904 date system: serial 42735 is 2021-01-01 there, not 2017.
        ("calamine__date_1904.xlsx", 0, "A1", false, Date(2021, 1, 1)),
        ("calamine__date_1904.xlsx", 0, "A2", false, Date(2021, 1, 2)),
        ("calamine__date_1904.xls", 0, "A1", false, Date(2021, 1, 1)),
        ("sheetjs__1904.xlsx", 0, "B1", false, Date(1904, 1, 2)),
        ("sheetjs__1904.xlsx", 0, "B2", false, Date(1904, 1, 12)),
        ("sheetjs__1904.ods", 0, "B3", false, Date(1904, 4, 21)),
        ("calamine__date.ods", 0, "A1", false, Date(2021, 1, 1)),
        ("calamine__date.ods", 0, "B2", false, Number(16.0)),
        ("calamine__date_iso.xlsx", 0, "A1", false, Date(2021, 1, 1)),
        // Values under merged cells come from the top-left cell.
        (
            "calamine__merge_cells.xlsx",
            0,
            "B3",
            true,
            Text("Chunk Merged"),
        ),
        (
            "calamine__merge_cells.xlsx",
            0,
            "A4",
            true,
            Text("Column Merge"),
        ),
        (
            "calamine__merge_cells.xlsx",
            0,
            "B1",
            true,
            Text("Row Merge"),
        ),
        (
            "calamine__merge_cells.xls",
            0,
            "D4",
            true,
            Text("Chunk Merged"),
        ),
        ("calamine__merged_cells.ods", 0, "A2", true, Text("A")),
        ("sheetjs__merge_cells.ods", 0, "B2", true, Text("A1:B2")),
        // Cells keep the place Excel shows, below blank rows and columns.
        (
            "calamine__header-row.xlsx",
            0,
            "B9",
            false,
            Text("Column A"),
        ),
        ("calamine__header-row.xlsx", 0, "C10", false, Number(2.0)),
        (
            "calamine__temperature-in-middle.xlsx",
            0,
            "B4",
            false,
            Text("label"),
        ),
        (
            "calamine__temperature-in-middle.xlsx",
            0,
            "C5",
            false,
            Number(22.2222),
        ),
        // Odd XML: CDATA inline strings, encoded CRs, non-standard prefixes.
        (
            "calamine__inlineStr_cdata.xlsx",
            0,
            "A1",
            false,
            Text("Hello CDATA"),
        ),
        (
            "calamine__has_x000D_.xlsx",
            0,
            "A1",
            false,
            Text("ABC\nDEF"),
        ),
        (
            "calamine__whitespace_trim.xlsx",
            0,
            "A3",
            false,
            Text("日期 时间"),
        ),
        // Writers other than Excel.
        ("sheetjs__wps_write.xls", 0, "D2", false, Text("sheetjs")),
        ("sheetjs__wps_write.xlsx", 0, "D2", false, Text("sheetjs")),
        ("xlrd__ragged.xls", 0, "B4", false, Text("h")),
        (
            "calamine__xls_wrong_decimals.xls",
            0,
            "A1",
            false,
            Number(0.525625),
        ),
        (
            "sheetjs__RkNumber.xls",
            0,
            "C2",
            false,
            Number(10_000_000.0),
        ),
        (
            "fastexcel__null-bytes-in-columns-names.xls",
            0,
            "D6",
            false,
            Text("region JČ (grid 0011)"),
        ),
    ];
    let mut problems = Vec::new();
    for (file, sheet, cell, merged, want) in checks {
        let got = sheet_cell(&corpus.join(file), *sheet, cell, *merged);
        let ok = match (want, &got) {
            (Text(t), Cell::Text(s)) => s == t,
            (Number(n), Cell::Number(m)) => (n - m).abs() < 1e-9,
            (Date(y, m, d), Cell::Date(dt)) => {
                dt.date() == chrono::NaiveDate::from_ymd_opt(*y, *m, *d).unwrap()
            }
            _ => false,
        };
        if !ok {
            problems.push(format!("{file} {cell}: got {got:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_huge_declared_range_reads_only_the_cells_that_exist() {
    let Some(corpus) = corpus() else { return };
    // Its <dimension> claims A1:XFD1048576; 2 × 11 cells hold data.
    let book = read_file(&corpus.join("calamine__issue_174.xlsx"), "x").unwrap();
    let sheet = &book.sheets[0];
    assert!(
        sheet.end_row() <= 20 && sheet.end_col() <= 20,
        "{:?}",
        (sheet.end_row(), sheet.end_col())
    );
}
