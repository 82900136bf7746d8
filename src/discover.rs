//! Walking the inputs folder: which files are spreadsheets, which are photos,
//! and which are skipped (lock files, hidden and temporary files, anything
//! else), each skip named in an info line.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config;
use crate::findings::{Finding, Findings, Location};

pub const SPREADSHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];
pub const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png"];

/// A file found in the inputs folder, with the path shown to the operator
/// (relative to the inputs folder, `/`-separated).
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub display: String,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub spreadsheets: Vec<Found>,
    /// Images, with the name of the folder they are in (a kode, maybe).
    pub photos: Vec<(Found, String)>,
}

/// Walks `inputs` recursively in sorted order. The outputs folder is
/// skipped when it lies inside the inputs folder.
pub fn discover(inputs: &Path, outputs: &Path, findings: &mut Findings) -> Discovery {
    let mut found = Discovery::default();
    let outputs = outputs.canonicalize().ok();
    let walker = WalkDir::new(inputs)
        .sort_by_file_name()
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir()
                    && (is_hidden(e.file_name().to_str().unwrap_or(""))
                        || outputs
                            .as_ref()
                            .is_some_and(|o| e.path().canonicalize().ok().as_ref() == Some(o))))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let display = e
                    .path()
                    .map(|p| display_path(inputs, p))
                    .unwrap_or_else(|| inputs.display().to_string());
                findings.push(
                    Finding::error(
                        "BERKAS_TIDAK_TERBACA",
                        Location::file(display),
                        format!("tidak dapat dibaca: {e}"),
                    )
                    .hint("Periksa izin folder/berkas ini."),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let display = display_path(inputs, path);
        let name = entry.file_name().to_string_lossy().to_string();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let skip = |findings: &mut Findings, why: &str| {
            findings.push(Finding::info(
                "BERKAS_DILEWATI",
                Location::file(&display),
                why.to_string(),
            ));
        };
        if name.starts_with("~$") {
            skip(
                findings,
                "berkas kunci Excel/WPS (~$…) dilewati; berkas aslinya sedang dibuka",
            );
        } else if name.starts_with(".~lock.") {
            skip(findings, "berkas kunci LibreOffice dilewati");
        } else if is_hidden(&name) {
            skip(findings, "berkas tersembunyi dilewati");
        } else if is_temporary(&name, &ext) {
            skip(findings, "berkas sementara dilewati");
        } else if depth_is_root(inputs, path) && name == config::FILE_NAME {
            // Read by the config loader.
        } else if SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
            found.spreadsheets.push(Found {
                path: path.to_path_buf(),
                display,
            });
        } else if PHOTO_EXTENSIONS.contains(&ext.as_str()) {
            let folder = path
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            found.photos.push((
                Found {
                    path: path.to_path_buf(),
                    display,
                },
                folder,
            ));
        } else {
            skip(
                findings,
                "bukan spreadsheet, kantor.toml atau foto kegiatan; dilewati",
            );
        }
    }
    found
}

fn depth_is_root(inputs: &Path, path: &Path) -> bool {
    path.parent() == Some(inputs)
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') && name != "." && name != ".."
}

fn is_temporary(name: &str, ext: &str) -> bool {
    let lower = name.to_lowercase();
    name.ends_with('~')
        || matches!(ext, "tmp" | "bak" | "crdownload" | "part")
        || lower == "thumbs.db"
        || lower == "desktop.ini"
        || lower.starts_with("~")
}

/// The path relative to the inputs folder with `/` separators.
pub fn display_path(inputs: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(inputs).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_hidden_and_temporary_files_are_skipped_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "b.xlsx",
            "a.csv",
            "~$b.xlsx",
            ".~lock.b.xlsx#",
            ".hidden.xlsx",
            "x.tmp",
            "catatan.docx",
            "kantor.toml",
        ] {
            std::fs::write(root.join(name), b"x").unwrap();
        }
        std::fs::create_dir_all(root.join("dokumentasi/TKM-1")).unwrap();
        std::fs::write(root.join("dokumentasi/TKM-1/foto 1.jpg"), b"x").unwrap();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/c.xls"), b"x").unwrap();
        let mut findings = Findings::default();
        let d = discover(root, &root.join("outputs"), &mut findings);
        let names: Vec<_> = d.spreadsheets.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(names, ["a.csv", "b.xlsx", "sub/c.xls"]);
        assert_eq!(d.photos.len(), 1);
        assert_eq!(d.photos[0].1, "TKM-1");
        assert_eq!(findings.len(), 5, "{findings:#?}");
        assert!(
            findings
                .iter()
                .any(|f| f.lokasi.file == "~$b.xlsx" && f.pesan.contains("kunci"))
        );
    }
}
